namespace Dm.Status;

/// <summary>One transition as the transitioner reports it at <c>GET /api/status</c>.</summary>
public sealed record TransitionStatus(
    string Source,
    string Target,
    TransitionRun? LastRun,
    IReadOnlyList<PendingMove> Pending,
    DateTimeOffset? NextScheduled);
