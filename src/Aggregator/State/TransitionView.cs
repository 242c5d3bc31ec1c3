using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>A transition of <c>GET /api/state</c>: its definition, the transitioner's report and a recorded approval.</summary>
public sealed record TransitionView(
    string Name,
    string Source,
    string Target,
    string? Schedule,
    bool Manual,
    TransitionRun? LastRun,
    IReadOnlyList<PendingMove>? Pending,
    DateTimeOffset? NextScheduled,
    TransitionApproval? Approval);
