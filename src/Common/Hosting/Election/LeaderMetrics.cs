using Prometheus;

namespace Dm.Hosting.Election;

/// <summary>
/// <c>dm_leader{lease}</c>: 1 while this replica leads the Lease, else 0, sampled at each scrape. The one place
/// leader election touches the metrics library.
/// </summary>
public static class LeaderMetrics
{
    public const string Name = "dm_leader";

    /// <summary>Adds the gauge for an elected <paramref name="leadership"/> (nothing without election).</summary>
    public static void Register(CollectorRegistry registry, Leadership leadership)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(leadership);
        if (!leadership.Elected)
        {
            return;
        }

        var gauge = Metrics.WithCustomRegistry(registry).CreateGauge(Name, "1 when this replica holds the lease (and may act), else 0.", "lease");
        registry.AddBeforeCollectCallback(() => gauge.WithLabels(leadership.Lease).Set(leadership.IsLeader ? 1 : 0));
    }
}
