using Dm.Common.Metrics;
using Dm.Common.Status;

namespace Dm.Deployer.Reconcile;

/// <summary>The deployer's Prometheus metrics, labelled by environment.</summary>
public sealed class DeployerMetrics(MetricsRegistry registry)
{
    public Histogram ReconcileDuration { get; } = registry.Histogram("dm_deployer_reconcile_duration_seconds", "Duration of one reconcile round of an environment.", Histogram.DurationBuckets, "environment");

    public Counter Applies { get; } = registry.Counter("dm_deployer_applies_total", "Objects applied with server-side apply.", "environment");

    public Counter Errors { get; } = registry.Counter("dm_deployer_errors_total", "What failed in reconcile rounds, by reason: objects refused by the server (ApplyFailed), resources that did not render (RenderFailed), prunes, inventory and namespace writes, rounds that could not reach the cluster (ClusterUnreachable) or had an invalid target.", "environment", "reason");

    public Counter DriftCorrections { get; } = registry.Counter("dm_deployer_drift_corrections_total", "Objects re-applied because someone changed fields DM owns.", "environment");

    public Counter Prunes { get; } = registry.Counter("dm_deployer_prunes_total", "Objects deleted because they left the repo.", "environment");

    public Counter Fetches { get; } = registry.Counter("dm_deployer_fetches_total", "Fetches of the resource repo, by result.", "result");

    public Gauge State { get; } = registry.Gauge("dm_deployer_environment_state", "1 for the state each environment is in, 0 for the others.", "environment", "state");

    public void Report(EnvironmentRound round, string environment, TimeSpan duration)
    {
        ReconcileDuration.Observe(duration.TotalSeconds, environment);
        if (round.Applied > 0)
        {
            Applies.Add(round.Applied, environment);
        }

        if (round.Pruned > 0)
        {
            Prunes.Add(round.Pruned, environment);
        }

        if (round.DriftCorrected > 0)
        {
            DriftCorrections.Add(round.DriftCorrected, environment);
        }

        foreach (var (reason, count) in round.Errors)
        {
            Errors.Add(count, environment, reason);
        }

        foreach (var state in Enum.GetValues<EnvironmentState>())
        {
            State.Set(state == round.Status.State ? 1 : 0, environment, state.ToString());
        }
    }
}
