using Dm.Hosting;
using Dm.Status;
using Prometheus;

namespace Dm.Deployer.Reconcile;

/// <summary>The deployer's Prometheus metrics, labelled by environment.</summary>
public sealed class DeployerMetrics
{
    public DeployerMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        ReconcileDuration = factory.CreateHistogram("dm_deployer_reconcile_duration_seconds", "Duration of one reconcile round of an environment.", DurationBuckets.Configuration("environment"));
        Applies = factory.CreateCounter("dm_deployer_applies_total", "Objects applied with server-side apply.", "environment");
        Errors = factory.CreateCounter("dm_deployer_errors_total", "What failed in reconcile rounds, by reason: objects refused by the server (ApplyFailed), resources that did not render (RenderFailed), prunes, inventory and namespace writes, rounds that could not reach the cluster (ClusterUnreachable) or had an invalid target.", "environment", "reason");
        DriftCorrections = factory.CreateCounter("dm_deployer_drift_corrections_total", "Objects re-applied because someone changed fields DM owns.", "environment");
        Prunes = factory.CreateCounter("dm_deployer_prunes_total", "Objects deleted because they left the repo.", "environment");
        Fetches = factory.CreateCounter("dm_deployer_fetches_total", "Fetches of the resource repo, by result.", "result");
        State = factory.CreateGauge("dm_deployer_environment_state", "1 for the state each environment is in, 0 for the others.", "environment", "state");
    }

    public Histogram ReconcileDuration { get; }

    public Counter Applies { get; }

    public Counter Errors { get; }

    public Counter DriftCorrections { get; }

    public Counter Prunes { get; }

    public Counter Fetches { get; }

    public Gauge State { get; }

    public void Report(EnvironmentRound round, string environment, TimeSpan duration)
    {
        ReconcileDuration.WithLabels(environment).Observe(duration.TotalSeconds);
        if (round.Applied > 0)
        {
            Applies.WithLabels(environment).Inc(round.Applied);
        }

        if (round.Pruned > 0)
        {
            Prunes.WithLabels(environment).Inc(round.Pruned);
        }

        if (round.DriftCorrected > 0)
        {
            DriftCorrections.WithLabels(environment).Inc(round.DriftCorrected);
        }

        foreach (var (reason, count) in round.Errors)
        {
            Errors.WithLabels(environment, reason).Inc(count);
        }

        foreach (var state in Enum.GetValues<EnvironmentState>())
        {
            State.WithLabels(environment, state.ToString()).Set(state == round.Status.State ? 1 : 0);
        }
    }
}
