using Dm.Playground;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>The playground's own demo repo deploys as the walk-through describes.</summary>
public sealed class DemoRepoTests
{
    [Fact]
    public async Task The_demo_repo_deploys_everything_and_holds_the_failing_payments_in_dev()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "demo.yaml"));
        Assert.Equal(["api", "payments", "search", "web", "worker"], DemoCi.ResourcesOf(yaml));
        await using var dm = await RunningSystem.StartAsync(yaml);

        var status = await Eventually.ReturnsAsync(
            dm.DeployerStatusAsync,
            s => s.Environments.TryGetValue("dev", out var dev) && dev.State == EnvironmentState.Failed
                && s.Environments.TryGetValue("prod", out var prod) && prod.State == EnvironmentState.Clean
                && s.Environments.TryGetValue("pp", out var pp) && pp.State == EnvironmentState.Clean,
            "dev Failed, pp and prod Clean",
            RunningSystem.Timeout);

        var failed = status.Environments["dev"].Resources.Where(r => r.Value.State == ResourceState.Failed).Select(r => r.Key);
        Assert.Equal(["payments"], failed);
        Assert.Equal("ghcr.io/example/web:1.8.0", await dm.LiveImageAsync(dm.System.MainCluster, "dev", "web"));
        Assert.Equal("ghcr.io/example/web:1.7.0", await dm.LiveImageAsync(dm.System.MainCluster, "pp", "web"));
        Assert.Equal("ghcr.io/example/payments:2.3.1", await dm.LiveImageAsync(dm.System.ProdCluster, "prod", "payments"));
    }

    [Fact]
    public async Task The_playgrounds_own_receiver_gets_the_demo_repos_notifications()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "demo.yaml"));
        await using var dm = await RunningSystem.StartAsync(yaml);

        // A CI post: the playground's receiver (signed webhook on loopback) gets the version, then its promotion to dev.
        await dm.PostVersionAsync("web", "1.8.1", "Faster search");
        await dm.ExplainedAsync(() => Eventually.HoldsAsync(
            () => Task.FromResult(dm.System.Receiver.Events.Any(e => e is { Type: "Promoted", Environment: "dev", Resource: "web", ToVersion: "1.8.1" })),
            "the receiver got web 1.8.1's promotion to dev",
            RunningSystem.Timeout));
        var received = dm.System.Receiver.Events.First(e => e.Type == "VersionReceived" && e.ToVersion == "1.8.1");
        Assert.Equal("web 1.8.1 was received in latest", received.Message);
        using var http = new HttpClient();
        Assert.Contains("web 1.8.1 was received in latest", await http.GetStringAsync(dm.System.Receiver.Address), StringComparison.Ordinal);
    }
}
