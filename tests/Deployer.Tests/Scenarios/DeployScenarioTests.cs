using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class DeployScenarioTests
{
    [Fact]
    public async Task A_fresh_environment_is_deployed_into_a_created_namespace_and_becomes_clean()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        var head = s.Repo.CommitId("init");

        // 1. The deployer creates the namespace, applies every object and reports Clean once the rollouts finish.
        var status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, head);
        Assert.Equal(head, status.HealthyRevision);
        Assert.Equal(["api", "settings", "web"], status.Resources.Keys.Order());
        Assert.Equal("1.0", status.Resources["web"].Version);
        Assert.All(status.Resources.Values, r => Assert.Equal(ResourceState.Healthy, r.State));
        Assert.All(status.Resources.Values, r => Assert.NotNull(r.LastAppliedAt));

        // 2. What reached the cluster: the namespace, three objects and the inventory, in kind order.
        var writes = DeployerScenario.Writes(s.Sim);
        Assert.True(writes.Count == 5, string.Join(", ", writes.Select(w => w.Method + " " + w.Path)));
        Assert.Equal(
            [
                "/api/v1/namespaces/dev",
                "/api/v1/namespaces/dev/configmaps/settings",
                "/apis/apps/v1/namespaces/dev/deployments/api",
                "/apis/apps/v1/namespaces/dev/deployments/web",
                "/api/v1/namespaces/dev/configmaps/dm-inventory-dev",
            ],
            writes.Select(w => w.Path).Take(2).Concat(writes.Skip(2).Take(2).Select(w => w.Path).Order(StringComparer.Ordinal)).Concat(writes.Skip(4).Select(w => w.Path)));
        var web = await DeployerScenario.GetAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web");
        Assert.Equal("web", (string?)web!["metadata"]!["annotations"]![DeployerAnnotations.Resource]);
        Assert.Equal("1.0", (string?)web["metadata"]!["annotations"]![DeployerAnnotations.Version]);
        Assert.Equal(64, ((string?)web["metadata"]!["annotations"]![DeployerAnnotations.ContentHash])!.Length);

        // 3. /api/status, /metrics and /readyz answer.
        var metrics = await s.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("dm_deployer_applies_total{environment=\"dev\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("dm_deployer_reconcile_duration_seconds_count{environment=\"dev\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("ready", await s.Http.GetStringAsync(new Uri("readyz", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_what_changed_is_applied_and_unchanged_rounds_write_nothing()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Several refreshes without a new commit: zero writes.
        var mark = s.Sim.RequestLog.Count;
        for (var i = 0; i < 5; i++)
        {
            await s.RefreshAsync();
        }

        await Eventually.HoldsAsync(() => s.Host.Services.GetService(typeof(Reconcile.DeployerEngine)) is Reconcile.DeployerEngine { Rounds: >= 3 }, "the engine ran the refreshes");
        var status = await s.WaitForStateAsync("dev", EnvironmentState.Clean);
        Assert.Empty(DeployerScenario.Writes(s.Sim, mark));

        // 2. One version changes: exactly one apply, of that Deployment.
        mark = s.Sim.RequestLog.Count;
        var v2 = await s.CommitAsync("web 1.1", ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, v2);
        Assert.Equal("1.1", status.Resources["web"].Version);
        Assert.Equal(["/apis/apps/v1/namespaces/dev/deployments/web"], DeployerScenario.Writes(s.Sim, mark).Select(w => w.Path));
        var web = await DeployerScenario.GetAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web");
        Assert.Equal("registry.example.com/web:1.1", (string?)web!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);

        // 3. A base file changes at the same version: that resource is applied.
        mark = s.Sim.RequestLog.Count;
        var v3 = await s.CommitAsync("api base", ("dev/base/api.yaml", Repos.DeploymentBase("api").Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal)));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, v3);
        Assert.Equal(["/apis/apps/v1/namespaces/dev/deployments/api"], DeployerScenario.Writes(s.Sim, mark).Select(w => w.Path));

        // 4. A git webhook push notification is a refresh too.
        mark = s.Sim.RequestLog.Count;
        var v4 = await s.CommitAsync("settings", ("dev/deployable/settings.yaml", Repos.ConfigMap("settings", "bonjour")));
        using (var hook = new StringContent("""{"ref":"refs/heads/main"}""", System.Text.Encoding.UTF8, "application/json"))
        {
            hook.Headers.Add("X-GitHub-Event", "push");
            using var response = await s.Http.PostAsync(new Uri("api/hooks/git", UriKind.Relative), hook);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await s.WaitForStateAsync("dev", EnvironmentState.Clean, v4);
        Assert.Equal(["/api/v1/namespaces/dev/configmaps/settings"], DeployerScenario.Writes(s.Sim, mark).Select(w => w.Path));
    }
}
