using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Container resource quantities are stored in canonical form, as the real API server stores them.</summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("1000m", "1")]
    [InlineData("0.5", "500m")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("512", "512")]
    [InlineData("1536Ki", "1536Ki")]
    [InlineData("100Mi", "100Mi")]
    [InlineData("0.5Ki", "512")] // binary below 1024 is written in decimal SI
    [InlineData("1500", "1500")]
    [InlineData("1500000", "1500k")]
    [InlineData("1E3", "1e3")]
    [InlineData("12e2", "1200")]
    [InlineData("0.000001", "1u")]
    [InlineData("0.1n", "1n")] // rounded up to the smallest unit
    [InlineData("+2k", "2k")]
    [InlineData("0", "0")]
    [InlineData("0.0", "0")]
    public void Canonical_form_matches_the_real_server(string written, string stored) =>
        Assert.Equal(stored, Store.Quantity.Canonical(written));

    [Theory]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("1KB")]
    [InlineData("1e")]
    public void What_is_no_quantity_is_left_as_it_is(string written) =>
        Assert.Null(Store.Quantity.Canonical(written));

    [Fact]
    public async Task A_Deployment_stores_its_containers_resources_canonically()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        const string Path = "/apis/apps/v1/namespaces/default/deployments/web";
        var yaml = Fixtures.DeploymentYaml("web").Replace("        image: nginx:1.27\n", "        image: nginx:1.27\n        resources:\n          limits:\n            cpu: 1000m\n            memory: 1024Mi\n          requests:\n            cpu: 0.5\n", StringComparison.Ordinal);
        Assert.Contains("cpu: 0.5", yaml, StringComparison.Ordinal);

        // 1. Applied in any spelling, stored and returned canonically (the number as a string).
        var applied = await ApiClient.MustAsync(client.ApplyAsync(Path, yaml, "dm"));
        var resources = applied["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("""{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}""", resources.ToJsonString());

        // 2. The same apply again is no change.
        var again = await ApiClient.MustAsync(client.ApplyAsync(Path, yaml, "dm"));
        Assert.Equal((string?)applied["metadata"]!["resourceVersion"], (string?)again["metadata"]!["resourceVersion"]);
        Assert.Equal(1, (int?)again["metadata"]!["generation"]);
    }
}
