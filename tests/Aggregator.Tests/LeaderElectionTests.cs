extern alias simulator;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dm.Aggregator.Auth;
using Dm.GitFixture;
using Dm.Hosting;
using Dm.Kubernetes;
using Dm.TestSupport;
using simulator::Dm.ClusterSimulator;

namespace Dm.Aggregator.Tests;

/// <summary>Two aggregator replicas electing a leader on a Lease in the simulator: only the leader writes.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task A_standby_refuses_writes_with_503_NotLeader_naming_the_leader_and_serves_reads()
    {
        using var dir = new TempDirectory();
        await using var cluster = await simulator::Dm.ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var kubeconfig = cluster.WriteKubeconfig(dir.Sub("kubeconfig"), "sim", "dm");
        using (var client = new KubernetesRestClient(KubeConfigLoader.LoadFile(kubeconfig).ResolveContext("sim")))
        {
            await client.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "dm" } }, new ApplyOptions("test"), CancellationToken.None);
        }

        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "Initial repo", null, TestRepo.Files())]), dir.Sub("repo.git"), CancellationToken.None);
        await using var a = await StartAsync(repo.GitDirectory, dir, kubeconfig, "a");
        await using var b = await StartAsync(repo.GitDirectory, dir, kubeconfig, "b");
        using var http = new HttpClient();
        await Eventually.HoldsAsync(
            async () => (await http.GetStringAsync(new Uri(a.BaseAddress, "readyz"))).Contains("leader of lease dm/dm-aggregator (a)", StringComparison.Ordinal)
                || (await http.GetStringAsync(new Uri(b.BaseAddress, "readyz"))).Contains("leader of lease dm/dm-aggregator (b)", StringComparison.Ordinal),
            "one replica leads");
        var aLeads = (await http.GetStringAsync(new Uri(a.BaseAddress, "readyz"))).Contains("leader of lease", StringComparison.Ordinal);
        var (leader, standby, leaderName, standbyName) = aLeads ? (a, b, "a", "b") : (b, a, "b", "a");
        await Eventually.HoldsAsync(async () => (await http.GetStringAsync(new Uri(standby.BaseAddress, "readyz"))).Contains($"leader: {leaderName}", StringComparison.Ordinal), "the standby names the leader");
        var head = PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim();

        // 1. A write to the standby: 503 NotLeader naming the leader, Retry-After, no commit. Reads are served.
        var refused = await http.PostAsJsonAsync(new Uri(standby.BaseAddress, "api/versions"), new { resource = "web", version = "2" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        var problem = await refused.Content.ReadFromJsonAsync<Problem>();
        Assert.Equal("NotLeader", problem!.Title);
        Assert.Equal($"This aggregator replica ({standbyName}) is a standby and does not write; the leader of lease dm/dm-aggregator is {leaderName}. Retry the request: writes go to the leader.", problem.Detail);
        Assert.Equal(head, PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(standby.BaseAddress, "api/state"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync(new Uri(standby.BaseAddress, "api/refresh"), null)).StatusCode);
        Assert.Contains("dm_leader{lease=\"dm/dm-aggregator\"} 0", await http.GetStringAsync(new Uri(standby.BaseAddress, "metrics")), StringComparison.Ordinal);

        // 2. The same write to the leader commits.
        var accepted = await http.PostAsJsonAsync(new Uri(leader.BaseAddress, "api/versions"), new { resource = "web", version = "2" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Contains("dm_leader{lease=\"dm/dm-aggregator\"} 1", await http.GetStringAsync(new Uri(leader.BaseAddress, "metrics")), StringComparison.Ordinal);
        Assert.Equal("version: \"2\"\n", PlainGit.Run(repo.GitDirectory, "show", "main:latest/version/web.yaml"));
    }

    private static Task<DaemonHost> StartAsync(string repo, TempDirectory dir, string kubeconfig, string identity) =>
        AggregatorHost.StartAsync(
            o =>
            {
                o.RepoUrl = repo;
                o.CheckoutPath = dir.Sub($"mirror-{identity}.git");
                o.Auth = AuthModes.None;
                o.PollInterval = TimeSpan.FromMilliseconds(200);
                o.LeaderElection.Enabled = true;
                o.LeaderElection.Identity = identity;
                o.LeaderElection.Kubeconfig = kubeconfig;
                o.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(2);
                o.LeaderElection.RenewDeadline = TimeSpan.FromMilliseconds(1500);
                o.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(100);
            },
            0,
            CancellationToken.None);
}
