using Dm.Common.Status;

namespace Dm.Deployer.Reconcile;

/// <summary>The result of one reconcile round of an environment: its status and what the round did.</summary>
/// <param name="RetryWanted">A transient failure or a refused apply: run again after a backoff, not only on the next commit.</param>
public sealed record EnvironmentRound(
    EnvironmentDeployStatus Status,
    bool RetryWanted,
    int Applied,
    int Pruned,
    int DriftCorrected,
    int Failed);
