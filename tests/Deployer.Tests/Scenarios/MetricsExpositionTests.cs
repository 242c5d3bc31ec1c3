using Dm.Status;
using Dm.TestSupport.Metrics;

namespace Dm.Deployer.Tests.Scenarios;

/// <summary>The deployer's <c>/metrics</c> follows the text-format rules and serves exactly the families docs/metrics.md lists.</summary>
public sealed class MetricsExpositionTests
{
    [Fact]
    public async Task Metrics_parse_and_match_the_documented_families_after_a_round_with_a_refused_object()
    {
        var files = Repos.Standard();
        files["dev/deployable/broken.yaml"] = Repos.RefusedDeployment("broken");
        await using var s = await DeployerScenario.StartAsync(files);
        await s.WaitForAsync("dev", e => e.State == EnvironmentState.Failed && e.Resources["web"].State == ResourceState.Healthy, "has broken failed and the rest healthy");

        var families = await MetricsInventory.ScrapeAndCheckAsync(() => s.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)), "deployer");

        Assert.Equal(3, Value(families, "dm_deployer_applies_total", ("environment", "dev")));
        Assert.True(Value(families, "dm_deployer_errors_total", ("environment", "dev"), ("reason", "ApplyFailed")) >= 1);
        Assert.True(Value(families, "dm_deployer_fetches_total", ("result", "ok")) >= 1);
        var states = families["dm_deployer_environment_state"].Samples.Where(x => x.Label("environment") == "dev").ToList();
        Assert.Equal(Enum.GetNames<EnvironmentState>().Order(StringComparer.Ordinal), states.Select(x => x.Label("state")!).Order(StringComparer.Ordinal));
        Assert.Equal("Failed", Assert.Single(states, x => x.Value == 1).Label("state"));
        var duration = families["dm_deployer_reconcile_duration_seconds"].Samples.Where(x => x.Label("environment") == "dev").ToList();
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "+Inf"],
            duration.Where(x => x.Name.EndsWith("_bucket", StringComparison.Ordinal)).Select(x => x.Label("le")));
        Assert.True(duration.Single(x => x.Name == "dm_deployer_reconcile_duration_seconds_count").Value >= 1);
        Assert.True(families["process_working_set_bytes"].Samples.Single().Value > 0);
    }

    private static double Value(IReadOnlyDictionary<string, ExpositionFamily> families, string name, params (string Name, string Value)[] labels) =>
        families[name].Samples.Single(x => labels.All(l => x.Label(l.Name) == l.Value)).Value;

}
