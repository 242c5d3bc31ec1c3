using Prometheus;

namespace Dm.Hosting;

/// <summary>The histogram buckets DM's duration metrics use, in seconds: 5 ms to 60 s.</summary>
public static class DurationBuckets
{
    public static IReadOnlyList<double> Seconds { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>A histogram configuration with these buckets and the given label names.</summary>
    public static HistogramConfiguration Configuration(params string[] labelNames) =>
        new() { Buckets = [.. Seconds], LabelNames = labelNames };
}
