using Dm.Status;

namespace Dm.Deployer.Reconcile;

/// <summary>The result of one reconcile round of an environment: its status and what the round did.</summary>
/// <param name="RetryWanted">A transient failure or a refused apply: run again after a backoff, not only on the next commit.</param>
/// <param name="Errors">What failed in this round, counted by reason (<see cref="Reasons"/>: an object's
/// <c>ApplyFailed</c>, a resource's <c>RenderFailed</c>, the environment's <c>PruneFailed</c>, <c>ClusterUnreachable</c>, ...).</param>
public sealed record EnvironmentRound(
    EnvironmentDeployStatus Status,
    bool RetryWanted,
    int Applied,
    int Pruned,
    int DriftCorrected,
    IReadOnlyDictionary<string, int> Errors)
{
    /// <summary>No errors.</summary>
    public static IReadOnlyDictionary<string, int> NoErrors { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>One error of <paramref name="reason"/>.</summary>
    public static IReadOnlyDictionary<string, int> OneError(string reason) => new Dictionary<string, int>(StringComparer.Ordinal) { [reason] = 1 };
}
