using Dm.Common.Status;

namespace Dm.Aggregator.State;

/// <summary>An environment in <c>GET /api/state</c>: its deploy status (when a deployer reports it) and its environment lock.</summary>
public sealed record EnvironmentView(
    string Name,
    bool Deployed,
    EnvironmentState? State,
    string? Reason,
    string? Message,
    string? Revision,
    string? HealthyRevision,
    DateTimeOffset? LastReconciledAt,
    LockView? Lock);
