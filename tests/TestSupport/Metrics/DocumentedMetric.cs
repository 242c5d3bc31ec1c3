namespace Dm.TestSupport.Metrics;

/// <summary>One row of the metric tables in docs/metrics.md: who serves it (deployer, transitioner, aggregator, or every daemon).</summary>
public sealed record DocumentedMetric(string Name, string Type, IReadOnlyList<string> Labels, string Help, string Daemon)
{
    public const string EveryDaemon = "every";
}
