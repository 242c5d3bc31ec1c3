using Dm.Domain;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>The whole system: prod's cluster goes away, prod reports Unknown, the other environments keep moving, and prod catches up once its cluster is back.</summary>
public sealed class ClusterOutageTests
{
    [Fact]
    public async Task An_outage_of_the_prod_cluster_is_reported_and_prod_catches_up_after_it()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", "example/s1:1.0");

        // 1. prod's cluster stops answering: prod is Unknown, with the reason.
        dm.System.ProdCluster.Faults.Outage = true;
        await Eventually.HoldsAsync(
            async () => (await dm.DeployerStatusAsync()).Environments["prod"].State == EnvironmentState.Unknown,
            "prod is reported Unknown",
            RunningSystem.Timeout);
        Assert.Equal(Reasons.ClusterUnreachable, (await dm.DeployerStatusAsync()).Environments["prod"].Reason);

        // 2. A new version still flows through dev and pp on the other cluster.
        await dm.PostVersionAsync("s1", "42", "Works without prod");
        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s1", "example/s1:42");
        await dm.WaitForImageAsync(dm.System.MainCluster, "pp", "s1", "example/s1:42");

        // 3. The cluster comes back: prod gets the version and is Clean again.
        dm.System.ProdCluster.Faults.Outage = false;
        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", "example/s1:42");
        await Eventually.HoldsAsync(
            async () => (await dm.DeployerStatusAsync()).Environments["prod"].State == EnvironmentState.Clean,
            "prod is Clean again",
            RunningSystem.Timeout);
    }
}
