using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>
/// An environment in <c>GET /api/state</c>: its deploy status (when a deployer reports it) and its environment lock;
/// <paramref name="LocksProblem"/> is the reader's message when its <c>locks.yaml</c> cannot be read (it then counts as locked).
/// </summary>
public sealed record EnvironmentView(
    string Name,
    bool Deployed,
    EnvironmentState? State,
    string? Reason,
    string? Message,
    string? Revision,
    string? HealthyRevision,
    DateTimeOffset? LastReconciledAt,
    LockView? Lock,
    string? LocksProblem = null);
