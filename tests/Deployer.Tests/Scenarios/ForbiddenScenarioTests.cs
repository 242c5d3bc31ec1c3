using System.Text;
using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class ForbiddenScenarioTests
{
    [Fact]
    public async Task A_forbidden_namespace_fails_its_resource_with_the_servers_message_and_is_retried_until_allowed()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. A namespace exists that the deployer's credentials may not touch.
        using (var http = new HttpClient { BaseAddress = s.Sim.BaseAddress })
        using (var body = new StringContent("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"locked"}}""", Encoding.UTF8, "application/apply-patch+yaml"))
        {
            (await http.PatchAsync(new Uri("api/v1/namespaces/locked?fieldManager=admin", UriKind.Relative), body)).EnsureSuccessStatusCode();
        }

        s.Sim.Faults.Forbid("locked");

        // 2. A commit adds a resource in that namespace and changes web: audit fails with RBAC's message, web deploys.
        var audit = Repos.ConfigMap("audit", "enabled").Replace("  name: audit", "  name: audit\n  namespace: locked", StringComparison.Ordinal);
        var commit = await s.CommitAsync("audit in locked, web 1.1", ("dev/deployable/audit.yaml", audit), ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        var status = await s.WaitForAsync("dev", e => e.Revision == commit && e.Resources.GetValueOrDefault("audit")?.State == ResourceState.Failed && e.Resources["web"] is { Version: "1.1", State: ResourceState.Healthy }, "has audit failed and web 1.1 healthy");
        Assert.Equal(EnvironmentState.Failed, status.State);
        Assert.Equal(Reasons.ApplyFailed, status.Resources["audit"].Reason);
        Assert.Contains("configmaps \"audit\" is forbidden: User \"system:anonymous\" cannot patch resource \"configmaps\" in API group \"\" in the namespace \"locked\"", status.Resources["audit"].Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.Healthy, status.Resources["api"].State);

        // 3. It is retried with backoff, without a new commit or refresh.
        var attempts = DeployerScenario.Writes(s.Sim).Count(w => w.Path == "/api/v1/namespaces/locked/configmaps/audit");
        await Eventually.HoldsAsync(() => DeployerScenario.Writes(s.Sim).Count(w => w.Path == "/api/v1/namespaces/locked/configmaps/audit") > attempts, "the refused apply is retried");

        // 4. Once the namespace is allowed, a retry deploys it and the environment is Clean at the same commit.
        s.Sim.Faults.Allow("locked");
        status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, commit);
        Assert.Equal(ResourceState.Healthy, status.Resources["audit"].State);
        Assert.Equal("enabled", (string?)(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/locked/configmaps/audit"))!["data"]!["greeting"]);
    }
}
