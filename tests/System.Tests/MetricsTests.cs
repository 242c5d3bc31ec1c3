using Dm.TestSupport.Metrics;

namespace Dm.System.Tests;

/// <summary>The playground runs the three daemons in one process; each still serves its own <c>/metrics</c>.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Each_daemon_in_the_playground_process_serves_its_own_documented_families()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s1", "example/s1:1.0");
        using var http = new HttpClient();

        var deployer = await MetricsInventory.ScrapeAndCheckAsync(() => http.GetStringAsync(new Uri(dm.System.DeployerAddress, "metrics")), "deployer");
        var transitioner = await MetricsInventory.ScrapeAndCheckAsync(() => http.GetStringAsync(new Uri(dm.System.TransitionerAddress, "metrics")), "transitioner");
        var aggregator = await MetricsInventory.ScrapeAndCheckAsync(() => http.GetStringAsync(new Uri(dm.System.AggregatorAddress, "metrics")), "aggregator");

        // Check refuses any family not documented for that daemon, so none of them shows another daemon's families.
        Assert.Contains(deployer["dm_deployer_applies_total"].Samples, s => s.Label("environment") == "dev" && s.Value >= 1);
        Assert.DoesNotContain(transitioner.Keys, k => k.StartsWith("dm_deployer_", StringComparison.Ordinal) || k.StartsWith("dm_aggregator_", StringComparison.Ordinal));
        Assert.DoesNotContain(aggregator.Keys, k => k.StartsWith("dm_deployer_", StringComparison.Ordinal) || k.StartsWith("dm_transitioner_", StringComparison.Ordinal));
        Assert.True(transitioner["dm_transitioner_round_duration_seconds"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value >= 1);
    }
}
