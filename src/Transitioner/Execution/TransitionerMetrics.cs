using Dm.Common.Metrics;

namespace Dm.Transitioner.Execution;

/// <summary>The transitioner's Prometheus metrics.</summary>
public sealed class TransitionerMetrics(MetricsRegistry registry)
{
    public MetricsRegistry Registry { get; } = registry;

    public Counter Promotions { get; } = registry.Counter("dm_transitioner_promotions_total", "Promotion commits pushed.", "transition");

    public Counter Blocked { get; } = registry.Counter("dm_transitioner_blocked_evaluations_total", "Evaluations that ended blocked, by reason.", "transition", "reason");

    public Counter Errors { get; } = registry.Counter("dm_transitioner_errors_total", "Evaluations that failed.", "transition");

    public Histogram RoundDuration { get; } = registry.Histogram("dm_transitioner_round_duration_seconds", "Duration of one round over all transitions.", Histogram.DurationBuckets);
}
