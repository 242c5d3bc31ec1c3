using System.Text.Json.Nodes;

namespace Dm.Deployer.Tests.Hosting;

/// <summary>
/// The GC settings the deployer binary ships with (docs/deployer.md, Memory): the build writes them to
/// Dm.Deployer.runtimeconfig.json, which the runtime reads before any of DM's code runs.
/// </summary>
public class RuntimeConfigTests
{
    [Fact]
    public void The_deployer_ships_workstation_gc_with_a_16_mb_gen0_budget_cap()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Dm.Deployer.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
        Assert.Equal(16 * 1024 * 1024, properties["System.GC.Gen0MaxBudget"]!.GetValue<long>());
    }
}
