using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.Deployer.Hosting;
using Dm.GitFixture;
using Dm.Hosting;
using Dm.Transitioner.Hosting;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.System.Tests;

/// <summary>
/// Several deployers against one simulator: two replicas sharing the environments by Lease, where either answers
/// <c>GET /api/status</c> with the leader's view; and hub-and-spoke, one deployer per cluster each deploying only its
/// environments (<c>Deployer:Environments</c>), read together by a transitioner (<c>Transitioner:DeployerUrls</c>).
/// </summary>
public sealed class DeployerReplicasTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Either_replica_answers_the_leaders_status_and_the_standby_leads_when_the_leader_stops()
    {
        using var dir = new TempDirectory();
        var repo = await CreateRepoAsync(dir, "dev: {type: Kubernetes, context: sim, namespace: dev, createNamespace: true}", "dev");
        await using var cluster = await Simulator.StartAsync(new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var kubeconfig = cluster.WriteKubeconfig(dir.Sub("kubeconfig"), "sim");
        using var http = new HttpClient();
        using (var created = await http.PostAsJsonAsync(new Uri(cluster.BaseAddress, "api/v1/namespaces"), new { apiVersion = "v1", kind = "Namespace", metadata = new { name = "dm" } }))
        {
            created.EnsureSuccessStatusCode();
        }

        var ports = new Dictionary<string, int> { ["a"] = PublishedDaemon.FreePort(), ["b"] = PublishedDaemon.FreePort() };
        var replicas = new Dictionary<string, DaemonHost>();
        try
        {
            foreach (var (identity, port) in ports)
            {
                var other = ports.Single(p => p.Key != identity).Value;
                replicas[identity] = await DeployerHost.StartAsync(
                    o =>
                    {
                        Configure(o, dir, repo.GitDirectory, kubeconfig, identity);
                        o.Peers.Add(new Uri($"http://127.0.0.1:{other}/"));
                        o.LeaderElection.Enabled = true;
                        o.LeaderElection.Identity = identity;
                        o.LeaderElection.Kubeconfig = kubeconfig;
                        o.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(2);
                        o.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(1.5);
                        o.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(200);
                    },
                    port,
                    CancellationToken.None);
            }

            // 1. One replica leads dev and deploys it; both answer dev Clean at main's head, the standby from its peer.
            var head = PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim();
            foreach (var replica in replicas.Values)
            {
                await WaitForStateAsync(http, replica.BaseAddress, "api/status", "dev", "Clean", head);
            }

            var leader = (await Eventually.ReturnsAsync(() => HolderAsync(http, cluster), h => h is "a" or "b", "a replica holds dev's Lease", Timeout))!;
            var standby = leader == "a" ? "b" : "a";
            var local = await StatusAsync(http, replicas[standby].BaseAddress, "api/status?scope=local");
            Assert.Equal("Unknown", local["dev"]!["state"]!.GetValue<string>());
            Assert.Equal("NotLeader", local["dev"]!["reason"]!.GetValue<string>());

            // 2. The leader stops (its Lease released): the standby leads dev, and its own view is Clean.
            await replicas[leader].DisposeAsync();
            await Eventually.ReturnsAsync(() => HolderAsync(http, cluster), h => h == standby, "the standby holds dev's Lease", Timeout);
            await WaitForStateAsync(http, replicas[standby].BaseAddress, "api/status?scope=local", "dev", "Clean", head);
            await WaitForStateAsync(http, replicas[standby].BaseAddress, "api/status", "dev", "Clean", head);
        }
        finally
        {
            foreach (var replica in replicas.Values)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Hub_and_spoke_deployers_each_deploy_their_environments_and_a_transitioner_reading_both_promotes_on_SourceClean()
    {
        using var dir = new TempDirectory();
        var repo = await CreateRepoAsync(
            dir,
            "dev: {type: Kubernetes, context: sim, namespace: dev, createNamespace: true}\n  prod: {type: Kubernetes, context: sim, namespace: prod, createNamespace: true}",
            "dev",
            "prod");
        await using var cluster = await Simulator.StartAsync(new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var kubeconfig = cluster.WriteKubeconfig(dir.Sub("kubeconfig"), "sim");
        using var http = new HttpClient();

        await using var hub = await DeployerHost.StartAsync(o => { Configure(o, dir, repo.GitDirectory, kubeconfig, "hub"); o.Environments.Add("dev"); }, 0, CancellationToken.None);
        await using var spoke = await DeployerHost.StartAsync(o => { Configure(o, dir, repo.GitDirectory, kubeconfig, "spoke"); o.Environments.Add("prod"); }, 0, CancellationToken.None);
        await using var transitioner = await TransitionerHost.StartAsync(
            o =>
            {
                o.RepoUrl = repo.GitDirectory;
                o.CheckoutPath = dir.Sub("transitioner.git");
                o.PollInterval = TimeSpan.FromMilliseconds(300);
                o.DeployerUrls.Add(hub.BaseAddress.ToString());
                o.DeployerUrls.Add(spoke.BaseAddress.ToString());
            },
            0,
            CancellationToken.None);

        // 1. dev's s1 2 is deployed by the hub alone; once it is Clean there, the transitioner promotes it to prod.
        await Eventually.HoldsAsync(() => FlowHistory.VersionAt(repo.GitDirectory, "main", "prod", "s1") == "2", "s1 2 is promoted to prod", Timeout);
        var head = PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim();
        await WaitForStateAsync(http, spoke.BaseAddress, "api/status", "prod", "Clean", head);
        await WaitForStateAsync(http, hub.BaseAddress, "api/status", "dev", "Clean", head);
        Assert.Equal("2", await ConfigMapVersionAsync(http, cluster, "prod"));
        Assert.Equal("2", await ConfigMapVersionAsync(http, cluster, "dev"));

        // 2. Each deployer reports only its own environments.
        Assert.Equal(["dev"], (await StatusAsync(http, hub.BaseAddress, "api/status")).Select(e => e.Key));
        Assert.Equal(["prod"], (await StatusAsync(http, spoke.BaseAddress, "api/status")).Select(e => e.Key));
        Assert.Single(FlowHistory.Changes(repo.GitDirectory, "prod", "s1"), c => c.Version == "2");
    }

    private static void Configure(Deployer.DeployerOptions o, TempDirectory dir, string repo, string kubeconfig, string name)
    {
        o.RepoUrl = repo;
        o.CheckoutPath = dir.Sub($"deployer-{name}.git");
        o.Kubeconfig = kubeconfig;
        o.PollInterval = TimeSpan.FromMilliseconds(300);
        o.HealthCheckInterval = TimeSpan.FromMilliseconds(300);
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(300);
    }

    /// <summary>A repo whose environments each deploy ConfigMap s1 from a template: dev at version 2, the others at 1; dev → prod on SourceClean.</summary>
    private static Task<FixtureRepository> CreateRepoAsync(TempDirectory dir, string deployers, params string[] environments)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployers.yaml"] = $"deployers:\n  {deployers}\n",
        };
        if (environments.Contains("prod"))
        {
            files["transitions.yaml"] = "transitions:\n  to-prod: {source: dev, target: prod, preconditions: [SourceClean]}\n";
        }

        foreach (var environment in environments)
        {
            files[$"{environment}/version/s1.yaml"] = environment == "dev" ? "version: \"2\"\n" : "version: \"1\"\n";
            files[$"{environment}/base/s1.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s1}\ndata: {version: \"$version\"}\n";
        }

        return FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("seed", "Seed", null, files)]), dir.Sub("repo.git"), CancellationToken.None);
    }

    private static async Task<JsonObject> StatusAsync(HttpClient http, Uri deployer, string path) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri(deployer, path)))!["environments"]!.AsObject();

    private static Task WaitForStateAsync(HttpClient http, Uri deployer, string path, string environment, string state, string revision) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var status = (await StatusAsync(http, deployer, path))[environment];
                return status?["state"]?.GetValue<string>() == state && status["revision"]?.GetValue<string>() == revision;
            },
            $"{deployer}{path} reports {environment} {state} at {revision[..12]}",
            Timeout);

    private static async Task<string?> HolderAsync(HttpClient http, Simulator cluster)
    {
        using var response = await http.GetAsync(new Uri(cluster.BaseAddress, "apis/coordination.k8s.io/v1/namespaces/dm/leases/dm-deployer-dev"));
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["spec"]?["holderIdentity"]?.GetValue<string>() : null;
    }

    private static async Task<string?> ConfigMapVersionAsync(HttpClient http, Simulator cluster, string ns) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri(cluster.BaseAddress, $"api/v1/namespaces/{ns}/configmaps/s1")))!["data"]?["version"]?.GetValue<string>();
}
