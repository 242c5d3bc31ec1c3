using System.Text.Json.Nodes;
using Dm.Deployer.Hosting;
using Dm.Domain;
using Dm.Kubernetes;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Deployer.Tests.Scenarios;

/// <summary>Two deployer replicas with one Lease per environment in the simulator: only the holder applies.</summary>
public sealed class LeaderElectionScenarioTests
{
    private static void Elect(DeployerOptions o, string identity)
    {
        o.LeaderElection.Enabled = true;
        o.LeaderElection.Identity = identity;
        o.LeaderElection.Kubeconfig = o.Kubeconfig;
        o.LeaderElection.Context = "sim";
        o.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(2);
        o.LeaderElection.RenewDeadline = TimeSpan.FromMilliseconds(1500);
        o.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(100);
    }

    [Fact]
    public async Task Only_the_holder_of_an_environments_lease_applies_it_and_the_other_replica_takes_over_when_it_stops()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(), o => Elect(o, "a"));
        using (var client = new KubernetesRestClient(KubeConfigLoader.LoadFile(s.Kubeconfig).ResolveContext("sim")))
        {
            await client.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "dm" } }, new ApplyOptions("test"), CancellationToken.None);
        }

        // 1. a takes the Lease dm/dm-deployer-dev and deploys dev; b, started after, stands by and applies nothing.
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        await using var b = await s.StartReplicaAsync("deployer-b.git", o => Elect(o, "b"));
        using var bHttp = new HttpClient { BaseAddress = b.BaseAddress };
        await Eventually.HoldsAsync(() => b.Status.Get("dev") is { Reason: Reasons.NotLeader, Message: { } m } && m.EndsWith("held by a", StringComparison.Ordinal), "b reports dev as led by a");
        var standby = b.Status.Get("dev")!;
        Assert.Equal(EnvironmentState.Unknown, standby.State);
        Assert.Equal("this deployer replica (b) does not lead environment dev; lease dm/dm-deployer-dev is held by a", standby.Message);
        var bMetrics = await bHttp.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("dm_leader{lease=\"dm/dm-deployer-dev\"} 0", bMetrics, StringComparison.Ordinal);
        Assert.DoesNotContain("dm_deployer_applies_total{environment=\"dev\"}", bMetrics, StringComparison.Ordinal);
        Assert.Contains("dm_leader{lease=\"dm/dm-deployer-dev\"} 1", await s.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);

        // 2. a stops (releasing the Lease); a new version arrives: b takes over and deploys it.
        await s.Host.DisposeAsync();
        var head = await s.CommitAsync("web 1.1", ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        b.Refresh.Request("test");
        await Eventually.HoldsAsync(() => b.Status.Get("dev") is { State: EnvironmentState.Clean } st && st.Revision == head, "b deploys the new revision", TimeSpan.FromSeconds(20));
        var web = await DeployerScenario.GetAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web");
        Assert.Equal("1.1", (string?)web!["metadata"]!["annotations"]![DeployerAnnotations.Version]);
    }
}
