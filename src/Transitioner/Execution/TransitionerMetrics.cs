using Dm.Hosting;
using Prometheus;

namespace Dm.Transitioner.Execution;

/// <summary>The transitioner's Prometheus metrics, in its daemon's registry.</summary>
public sealed class TransitionerMetrics
{
    public TransitionerMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        Promotions = factory.CreateCounter("dm_transitioner_promotions_total", "Promotion commits pushed.", "transition");
        Blocked = factory.CreateCounter("dm_transitioner_blocked_evaluations_total", "Evaluations that ended blocked, by reason.", "transition", "reason");
        Errors = factory.CreateCounter("dm_transitioner_errors_total", "Evaluations that failed.", "transition");
        RoundDuration = factory.CreateHistogram("dm_transitioner_round_duration_seconds", "Duration of one round over all transitions.", DurationBuckets.Configuration());
    }

    public CollectorRegistry Registry { get; }

    public Counter Promotions { get; }

    public Counter Blocked { get; }

    public Counter Errors { get; }

    public Histogram RoundDuration { get; }
}
