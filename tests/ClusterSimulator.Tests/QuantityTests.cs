using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>
/// Container resource quantities are stored in canonical form, as the real API server stores them (the parser and its
/// cases: Dm.Common.Tests.Domain.QuantityTests).
/// </summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("\"1000m\"", "\"1\"")]
    [InlineData("\"1.5Gi\"", "\"1536Mi\"")]
    [InlineData("0.5", "\"500m\"")] // a JSON number: stored as a string
    [InlineData("\"one\"", "\"one\"")] // no quantity: left as it is
    public void Container_resources_are_rewritten_through_the_shared_parser(string written, string stored)
    {
        var resources = JsonNode.Parse($$$"""{"limits":{"cpu":{{{written}}}},"requests":{"cpu":{{{written}}}}}""")!.AsObject();
        Store.ResourceQuantities.Canonicalize(resources);
        Assert.Equal(stored, resources["limits"]!["cpu"]!.ToJsonString());
        Assert.Equal(stored, resources["requests"]!["cpu"]!.ToJsonString());
    }

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
