using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class PruneScenarioTests
{
    [Fact]
    public async Task With_prune_an_object_that_left_the_repo_is_deleted_from_the_stored_inventory()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(prune: true));
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        var inventory = await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/dm-inventory-dev");
        Assert.Contains("settings\t\tConfigMap\tdev\tsettings", (string?)inventory!["data"]!["objects"], StringComparison.Ordinal);

        // 1. settings leaves the repo: it is deleted, and only it.
        var mark = s.Sim.RequestLog.Count;
        var removed = await s.CommitAsync("drop settings", ("dev/deployable/settings.yaml", null));
        await s.RefreshAsync();
        var status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, removed);
        Assert.DoesNotContain("settings", status.Resources.Keys);
        Assert.Null(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings"));
        var deletes = DeployerScenario.Writes(s.Sim, mark).Where(w => w.Method == "DELETE").Select(w => w.Path).ToList();
        Assert.Equal(["/api/v1/namespaces/dev/configmaps/settings"], deletes);

        // 2. An object DM never applied (not in the inventory) is never pruned, labels or not.
        inventory = await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/dm-inventory-dev");
        Assert.DoesNotContain("settings", (string?)inventory!["data"]!["objects"], StringComparison.Ordinal);
        Assert.NotNull(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/dm-inventory-dev"));
    }

    [Fact]
    public async Task Without_prune_an_object_that_left_the_repo_is_kept()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(prune: false));
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. settings leaves the repo: nothing is deleted.
        var removed = await s.CommitAsync("drop settings", ("dev/deployable/settings.yaml", null));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, removed);
        Assert.NotNull(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings"));
        Assert.DoesNotContain(DeployerScenario.Writes(s.Sim), w => w.Method == "DELETE");
    }

    [Fact]
    public async Task The_informer_of_a_kind_that_left_every_environment_stops_and_the_others_run_on()
    {
        var files = Repos.Standard(prune: true);
        files["dev/deployable/token.yaml"] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  value: s3cret\n";
        await using var s = await DeployerScenario.StartAsync(files, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            o.InformerIdleTimeout = TimeSpan.FromMilliseconds(100);
        });
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        var connections = (Dm.Deployer.Reconcile.ClusterConnections)s.Host.Services.GetService(typeof(Dm.Deployer.Reconcile.ClusterConnections))!;
        var secrets = (string.Empty, "Secret", "dev");
        Assert.Contains(secrets, connections.RunningInformers);

        // 1. The only Secret leaves the repo and is pruned; within a few polls its informer stops.
        var removed = await s.CommitAsync("drop token", ("dev/deployable/token.yaml", null));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, removed);
        await Eventually.HoldsAsync(() => !connections.RunningInformers.Contains(secrets), "the Secret informer stopped", TimeSpan.FromSeconds(10));

        // 2. The kinds still deployed keep their informers (the environment's watch subscribes to them).
        Assert.Contains(("apps", "Deployment", "dev"), connections.RunningInformers);
        Assert.Contains((string.Empty, "ConfigMap", "dev"), connections.RunningInformers);

        // 3. A Secret back in the repo starts a new informer and deploys.
        var back = await s.CommitAsync("token again", ("dev/deployable/token.yaml", files["dev/deployable/token.yaml"]));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, back);
        Assert.Contains(secrets, connections.RunningInformers);
        Assert.NotNull(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/secrets/token"));
    }
}
