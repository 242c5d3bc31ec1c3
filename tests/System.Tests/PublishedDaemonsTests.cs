using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.GitFixture;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.System.Tests;

/// <summary>
/// Production's shape on one machine: the deployer, transitioner and aggregator as three OS processes (their built
/// dlls; a <c>-c Release</c> test run runs the Release build), each configured only by a config file and environment
/// variables, with a mirror of its own of a bare resource repo, talking over HTTP, against a ClusterSimulator on
/// loopback. Each is killed with SIGKILL in the middle of its work and started again:
/// <list type="number">
/// <item>the deployer while it applies 1,000 objects (the simulator's latency fault keeps that window wide);</item>
/// <item>the aggregator while 50 CI posts are in flight at once;</item>
/// <item>the transitioner between its commit and its push: a <c>pre-receive</c> hook on the bare repo holds its push
/// until the process is dead, then rejects it (the connection was lost).</item>
/// </list>
/// Then every accepted post is in git exactly once, no version entered an environment twice, history is linear,
/// <c>git fsck --strict</c> is clean, and the deployer reports every environment Clean at main's head.
/// </summary>
public sealed class PublishedDaemonsTests
{
    private const int Services = 50;
    private const int BulkObjects = 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_daemon_processes_killed_mid_work_restart_and_converge_with_every_post_and_promotion_in_git_once()
    {
        using var dir = new TempDirectory();
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("seed", "Seed the resource repo", null, RepoFiles())]), dir.Sub("repo.git"), CancellationToken.None);
        var gate = Directory.CreateDirectory(dir.Sub("push-gate")).FullName;
        InstallPushGate(dir, "repo.git", gate);
        await using var cluster = await Simulator.StartAsync(new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var kubeconfig = cluster.WriteKubeconfig(dir.Sub("kubeconfig"), "sim");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var names = Enumerable.Range(0, Services).Select(i => string.Create(CultureInfo.InvariantCulture, $"svc-{i:D3}")).ToList();

        var ports = (Deployer: PublishedDaemon.FreePort(), Transitioner: PublishedDaemon.FreePort(), Aggregator: PublishedDaemon.FreePort());
        using var deployer = Deployer(dir, repo.GitDirectory, kubeconfig, ports);
        using var transitioner = Transitioner(dir, repo.GitDirectory, ports);
        using var aggregator = Aggregator(dir, repo.GitDirectory, ports);

        // 1. The deployer is killed while it applies the 1,000 objects of dev (20 ms per cluster request).
        cluster.Faults.Latency = TimeSpan.FromMilliseconds(20);
        await deployer.StartAsync(http, Timeout);
        await Eventually.HoldsAsync(() => BulkApplies(cluster) >= 100, "the deployer applied 100 of dev's 1,000 objects", Timeout);
        deployer.Kill();
        var appliedAtKill = BulkApplies(cluster);
        Console.WriteLine($"deployer SIGKILLed mid-apply: {appliedAtKill} of {BulkObjects} objects applied");
        Assert.InRange(appliedAtKill, 100, BulkObjects - 1);
        cluster.Faults.Latency = TimeSpan.Zero;
        await Task.WhenAll(deployer.StartAsync(http, Timeout), transitioner.StartAsync(http, Timeout), aggregator.StartAsync(http, Timeout));
        await WaitUntilCleanAtHeadAsync(http, deployer, repo.GitDirectory, "the restarted deployer converges dev and prod");

        // 2. The aggregator is killed while 50 CI posts are in flight at once; after its restart CI reposts them all.
        var answered = await PostUntilKilledAsync(http, aggregator, names);
        var accepted = answered.Where(a => a.Value == HttpStatusCode.Created).Select(a => a.Key).ToList();
        Console.WriteLine($"aggregator SIGKILLed under {Services} concurrent posts: {answered.Count} answered, {accepted.Count} accepted");
        Assert.All(answered.Values, code => Assert.Equal(HttpStatusCode.Created, code));
        Assert.All(names, name => Assert.InRange(NewVersionCommits(repo.GitDirectory, name, "2"), 0, 1));
        Assert.All(accepted, name => Assert.Equal(1, NewVersionCommits(repo.GitDirectory, name, "2")));
        await aggregator.StartAsync(http, Timeout);
        foreach (var name in names)
        {
            var expected = NewVersionCommits(repo.GitDirectory, name, "2") == 1 ? HttpStatusCode.OK : HttpStatusCode.Created;
            using var response = await http.PostAsJsonAsync(new Uri(aggregator.BaseAddress, "api/versions"), new { resource = name, version = "2" });
            Assert.Equal(expected, response.StatusCode);
        }

        await Eventually.HoldsAsync(() => names.All(n => FlowHistory.VersionAt(repo.GitDirectory, "main", "dev", n) == "2"), "dev has every service at 2", Timeout);

        // 3. The transitioner is killed between its commit and its push: the gate holds its next push, then rejects it.
        File.WriteAllText(Path.Combine(gate, "hold"), string.Empty);
        using (var posted = await http.PostAsJsonAsync(new Uri(aggregator.BaseAddress, "api/versions"), new { resource = "svc-000", version = "3" }))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(gate, "held")), "the transitioner committed a promotion and is pushing it", Timeout);
        var held = File.ReadAllText(Path.Combine(gate, "held")).Trim();
        transitioner.Kill();
        File.WriteAllText(Path.Combine(gate, "release"), string.Empty);
        await Eventually.HoldsAsync(() => !File.Exists(Path.Combine(gate, "hold")), "the held push is rejected", Timeout);
        Assert.NotEqual(0, PlainGit.TryRun(repo.GitDirectory, "merge-base", "--is-ancestor", held, "main").ExitCode);
        Console.WriteLine($"transitioner SIGKILLed between commit {held[..12]} and its push (rejected by the gate)");
        await transitioner.StartAsync(http, Timeout);

        // 4. Everything converges: both environments at the last versions, the deployer Clean at main's head.
        string Final(string name) => name == "svc-000" ? "3" : "2";
        await Eventually.HoldsAsync(
            () => names.All(n => FlowHistory.VersionAt(repo.GitDirectory, "main", "prod", n) == Final(n) && FlowHistory.VersionAt(repo.GitDirectory, "main", "dev", n) == Final(n)),
            "dev and prod have every service at its last version",
            Timeout);
        await WaitUntilCleanAtHeadAsync(http, deployer, repo.GitDirectory, "the deployer reports dev and prod Clean at main's head");
        Assert.Equal(BulkObjects, await CountAsync(http, cluster, "dev", "bulk-"));
        Assert.Equal("3", await LiveVersionAsync(http, cluster, "prod", "svc-000"));

        // 5. Plain git: each post once, each version entered each environment once, linear history, fsck clean.
        Assert.All(names, name => Assert.Equal(1, NewVersionCommits(repo.GitDirectory, name, "2")));
        Assert.Equal(1, NewVersionCommits(repo.GitDirectory, "svc-000", "3"));
        foreach (var name in names)
        {
            foreach (var environment in new[] { "dev", "prod" })
            {
                var versions = FlowHistory.Changes(repo.GitDirectory, environment, name).Select(c => c.Version).ToList();
                Assert.Equal(versions.Distinct().Count(), versions.Count);
                Assert.Equal(Final(name), versions[^1]);
            }
        }

        Assert.Empty(PlainGit.Lines(repo.GitDirectory, "rev-list", "--merges", "main"));
        PlainGit.Run(repo.GitDirectory, "fsck", "--strict");
    }

    /// <summary>Posts version 2 of every service, all at once; SIGKILLs the aggregator when 20 were answered. Returns the answers.</summary>
    private static async Task<Dictionary<string, HttpStatusCode>> PostUntilKilledAsync(HttpClient http, PublishedDaemon aggregator, IReadOnlyList<string> names)
    {
        var answered = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        var killed = new TaskCompletionSource();
        await Task.WhenAll(names.Select(async name =>
        {
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri(aggregator.BaseAddress, "api/versions"), new { resource = name, version = "2" });
                lock (answered)
                {
                    if (killed.Task.IsCompleted)
                    {
                        return;
                    }

                    answered[name] = response.StatusCode;
                    if (answered.Count == 20)
                    {
                        aggregator.Kill();
                        killed.TrySetResult();
                    }
                }
            }
            catch (HttpRequestException)
            {
                // cut off by the kill: not accepted
            }
        }));
        Assert.True(killed.Task.IsCompleted, "the aggregator was killed with posts in flight");
        return answered;
    }

    private static async Task WaitUntilCleanAtHeadAsync(HttpClient http, PublishedDaemon deployer, string repo, string what) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                var head = PlainGit.Run(repo, "rev-parse", "main").Trim();
                var status = JsonNode.Parse(await http.GetStringAsync(new Uri(deployer.BaseAddress, "api/status")))!["environments"]!;
                return new[] { "dev", "prod" }.All(e => status[e]?["state"]?.GetValue<string>() == "Clean" && status[e]?["revision"]?.GetValue<string>() == head);
            },
            what,
            Timeout);

    /// <summary>Server-side applies (not dry runs) of dev's bulk ConfigMaps the simulator answered with success.</summary>
    private static int BulkApplies(Simulator cluster) =>
        cluster.RequestLog.Snapshot()
            .Where(r => r.Method == "PATCH" && !r.IsDryRun && r.StatusCode < 300 && r.Path.Contains("/namespaces/dev/configmaps/bulk-", StringComparison.Ordinal))
            .Select(r => r.Path)
            .Distinct(StringComparer.Ordinal)
            .Count();

    private static async Task<int> CountAsync(HttpClient http, Simulator cluster, string ns, string prefix)
    {
        var list = JsonNode.Parse(await http.GetStringAsync(new Uri(cluster.BaseAddress, $"api/v1/namespaces/{ns}/configmaps")))!;
        return list["items"]!.AsArray().Count(i => i!["metadata"]!["name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal));
    }

    private static async Task<string?> LiveVersionAsync(HttpClient http, Simulator cluster, string ns, string name) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri(cluster.BaseAddress, $"api/v1/namespaces/{ns}/configmaps/{name}")))!["data"]?["version"]?.GetValue<string>();

    /// <summary>Commits on main that set latest's version file of <paramref name="resource"/> to <paramref name="version"/> (plain git).</summary>
    private static int NewVersionCommits(string repo, string resource, string version) =>
        FlowHistory.Changes(repo, "latest", resource).Count(c => c.Version == version);

    /// <summary>
    /// A <c>pre-receive</c> hook: while <c>&lt;gate&gt;/hold</c> exists, a push of a commit by DM Transitioner writes its
    /// id to <c>held</c>, waits for <c>release</c>, then is rejected and the gate opens again.
    /// </summary>
    private static void InstallPushGate(TempDirectory dir, string gitDirectory, string gate) =>
        dir.WriteExecutable($"{gitDirectory}/hooks/pre-receive", $$"""
            #!/bin/sh
            gate='{{gate}}'
            while read old new ref; do
              if [ -f "$gate/hold" ] && [ "$(git log -1 --format=%an "$new")" = "DM Transitioner" ]; then
                echo "$new" > "$gate/held.tmp" && mv "$gate/held.tmp" "$gate/held"
                while [ ! -f "$gate/release" ]; do sleep 0.05; done
                rm -f "$gate/release" "$gate/hold"
                echo "push gate: rejected" >&2
                exit 1
              fi
            done
            exit 0

            """);

    /// <summary>latest → dev → prod (SourceClean) with 50 ConfigMap services at version 1, and 1,000 more ConfigMaps in dev.</summary>
    private static Dictionary<string, string> RepoFiles()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployers.yaml"] = """
                deployers:
                  dev: {type: Kubernetes, context: sim, namespace: dev, createNamespace: true}
                  prod: {type: Kubernetes, context: sim, namespace: prod, createNamespace: true}
                """,
            ["transitions.yaml"] = """
                transitions:
                  to-dev: {source: latest, target: dev}
                  to-prod: {source: dev, target: prod, preconditions: [SourceClean]}
                """,
        };
        for (var i = 0; i < Services; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D3}");
            foreach (var environment in new[] { "latest", "dev", "prod" })
            {
                files[$"{environment}/version/{name}.yaml"] = "version: \"1\"\n";
            }

            var template = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{version: \"$version\"}}\n";
            files[$"dev/base/{name}.yaml"] = template;
            files[$"prod/base/{name}.yaml"] = template;
        }

        var bulk = new StringBuilder();
        for (var i = 0; i < BulkObjects; i++)
        {
            bulk.Append(CultureInfo.InvariantCulture, $"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: bulk-{i:D4}}}\ndata: {{index: \"{i}\"}}\n");
        }

        files["dev/deployable/bulk.yaml"] = bulk.ToString();
        return files;
    }

    private static PublishedDaemon Deployer(TempDirectory dir, string repo, string kubeconfig, (int Deployer, int Transitioner, int Aggregator) ports)
    {
        var work = Directory.CreateDirectory(dir.Sub("deployer")).FullName;
        File.WriteAllText(Path.Combine(work, "deployer.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "Deployer": {
                "RepoUrl": "{{repo}}",
                "CheckoutPath": "{{Path.Combine(work, "mirror.git")}}",
                "PollInterval": "00:00:01",
                "HealthCheckInterval": "00:00:00.500",
                "RetryBaseDelay": "00:00:00.500",
                "RetryMaxDelay": "00:00:02"
              }
            }
            """);
        return new PublishedDaemon("Dm.Deployer", work, ports.Deployer, ["serve", "--config", Path.Combine(work, "deployer.json")], new Dictionary<string, string>
        {
            ["Deployer__Kubeconfig"] = kubeconfig,
            ["Deployer__Port"] = ports.Deployer.ToString(CultureInfo.InvariantCulture),
            ["Deployer__NotifyUrls__0"] = $"http://127.0.0.1:{ports.Transitioner}/",
            ["Deployer__NotifyUrls__1"] = $"http://127.0.0.1:{ports.Aggregator}/",
        });
    }

    private static PublishedDaemon Transitioner(TempDirectory dir, string repo, (int Deployer, int Transitioner, int Aggregator) ports)
    {
        var work = Directory.CreateDirectory(dir.Sub("transitioner")).FullName;
        File.WriteAllText(Path.Combine(work, "appsettings.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "Transitioner": {
                "RepoUrl": "{{repo}}",
                "CheckoutPath": "{{Path.Combine(work, "mirror.git")}}",
                "PollInterval": "00:00:00.500"
              }
            }
            """);
        return new PublishedDaemon("Dm.Transitioner", work, ports.Transitioner, ["serve"], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Transitioner}",
            ["Transitioner__DeployerUrl"] = $"http://127.0.0.1:{ports.Deployer}/",
            ["Transitioner__NotifyUrls__0"] = $"http://127.0.0.1:{ports.Deployer}/",
            ["Transitioner__NotifyUrls__1"] = $"http://127.0.0.1:{ports.Aggregator}/",
        });
    }

    private static PublishedDaemon Aggregator(TempDirectory dir, string repo, (int Deployer, int Transitioner, int Aggregator) ports)
    {
        var work = Directory.CreateDirectory(dir.Sub("aggregator")).FullName;
        File.WriteAllText(Path.Combine(work, "aggregator.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "aggregator": { "repoUrl": "{{repo}}", "checkoutPath": "{{Path.Combine(work, "mirror.git")}}", "pollInterval": "00:00:01" }
            }
            """);
        return new PublishedDaemon("Dm.Aggregator", work, ports.Aggregator, ["--config", Path.Combine(work, "aggregator.json"), "--urls", $"http://127.0.0.1:{ports.Aggregator}"], new Dictionary<string, string>
        {
            ["DM_AGGREGATOR__auth"] = "none",
            ["DM_AGGREGATOR__DeployerUrl"] = $"http://127.0.0.1:{ports.Deployer}/",
            ["DM_AGGREGATOR__TransitionerUrl"] = $"http://127.0.0.1:{ports.Transitioner}/",
            ["DM_AGGREGATOR__NotifyUrls__0"] = $"http://127.0.0.1:{ports.Transitioner}/",
            ["DM_AGGREGATOR__NotifyUrls__1"] = $"http://127.0.0.1:{ports.Deployer}/",
        });
    }
}
