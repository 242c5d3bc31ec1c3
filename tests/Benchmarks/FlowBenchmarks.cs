using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dm.Deployer.Hosting;
using Dm.Git;
using Dm.Playground;
using Dm.Status;
using Dm.TestSupport;
using Dm.Transitioner.Hosting;

namespace Dm.Benchmarks;

/// <summary>
/// Latency breakdown of one version through the playground composition (<see cref="PlaygroundSystem"/> in this process,
/// default playground speeds: poll 1 s, health re-check 200 ms, rollouts 20×) with the chain latest → dev → pp → prod,
/// no schedules, <c>SourceClean</c> on dev → pp and pp → prod. Each of <see cref="Posts"/> posts is followed by a 2 ms
/// sampler that records when each stage was first seen: the commit in the bare repo (its ref), the deployer's repo
/// revision and environment status, the simulator's request log (the apply) and live object (rollout complete), and the
/// transitioner's last run of each transition. Targets: dev live and healthy ≤ 0.5 s, prod ≤ 2 s (medians); a no-change
/// round of all environments with 0 API writes.
/// </summary>
public sealed class FlowBenchmarks : IBenchmark
{
    private const int Posts = 20;
    private static readonly string[] Chain = ["dev", "pp", "prod"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public string Name => "flow";

    public string Description => "playground composition, latest -> dev -> pp -> prod (SourceClean, no schedule): per-stage latency of a post; dev <= 0.5 s, prod <= 2 s; no-change round 0 writes";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        output.WriteLine($"  load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        await using var system = await PlaygroundSystem.StartAsync(
            new PlaygroundOptions { Directory = directory.Sub("playground"), Port = 0, FixtureYaml = Fixture, LogLevel = null },
            cancellationToken);
        using var http = new HttpClient();
        await SettleAsync(system, "1.0", cancellationToken);

        var samples = new List<IReadOnlyDictionary<string, double>>();
        for (var post = 1; post <= Posts; post++)
        {
            var version = string.Create(CultureInfo.InvariantCulture, $"2.{post}");
            samples.Add(await FollowAsync(system, http, version, cancellationToken));
        }

        var stages = samples[0].Keys.ToList();
        output.WriteLine($"  {"stage (ms after POST /api/versions was sent)",-58} {"median",8} {"max",8}");
        foreach (var stage in stages)
        {
            var values = samples.Select(s => s.GetValueOrDefault(stage, double.NaN)).Where(v => !double.IsNaN(v)).Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-58} {values[values.Count / 2],8:F0} {values[^1],8:F0}"));
        }

        Target(output, "post → live and healthy in dev, median", samples, "dev: status published (Clean)", 500);
        Target(output, "post → live and healthy in prod, median", samples, "prod: status published (Clean)", 2000);
        await NoChangeRoundAsync(system, http, output, cancellationToken);
        output.WriteLine($"  load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static void Target(TextWriter output, string what, List<IReadOnlyDictionary<string, double>> samples, string stage, double target)
    {
        var values = samples.Select(s => s[stage]).Order().ToList();
        var median = values[values.Count / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-58} {median,8:F0} ms   target ≤ {target:F0} ms {(median <= target ? "met" : "MISSED")}"));
    }

    /// <summary>Posts one version and samples every 2 ms until prod reports it Clean; returns each stage's first time.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> FollowAsync(PlaygroundSystem system, HttpClient http, string version, CancellationToken cancellationToken)
    {
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        var image = $"example/web:{version}";
        system.MainCluster.RequestLog.Clear();
        system.ProdCluster.RequestLog.Clear();
        var seenHeads = new List<string>();
        var before = await HeadAsync(system.RepoPath, cancellationToken);
        var clock = Stopwatch.StartNew();
        var posting = http.PostAsJsonAsync(new Uri(system.AggregatorAddress, "api/versions"), new { resource = "web", version, changelog = "flow benchmark" }, cancellationToken);
        string? aggregatorCommit = null;
        var promotions = new Dictionary<string, string>(StringComparer.Ordinal);
        void Mark(string stage)
        {
            stages.TryAdd(stage, clock.Elapsed.TotalMilliseconds);
        }

        while (!stages.ContainsKey("prod: status published (Clean)"))
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"web {version} did not reach prod within {Patience}; stages seen: {string.Join(", ", stages.Keys)}");
            }

            if (posting.IsCompleted && !stages.ContainsKey("aggregator answered 201"))
            {
                using var response = await posting;
                response.EnsureSuccessStatusCode();
                Mark("aggregator answered 201");
            }

            var head = await HeadAsync(system.RepoPath, cancellationToken);
            if (head != before && (seenHeads.Count == 0 || seenHeads[^1] != head))
            {
                foreach (var commit in await NewCommitsAsync(system.RepoPath, seenHeads.Count == 0 ? before : seenHeads[^1], head, cancellationToken))
                {
                    var target = await TargetOfAsync(system.RepoPath, commit, cancellationToken);
                    if (target is null)
                    {
                        aggregatorCommit ??= commit;
                        Mark("aggregator commit pushed (bare repo ref)");
                    }
                    else
                    {
                        promotions.TryAdd(target, commit);
                        Mark($"{target}: promotion pushed");
                    }
                }

                seenHeads.Add(head);
            }

            var report = system.Deployer.Status.Report();
            var transitions = system.Transitioner.Daemon.Status.Current.Transitions;
            foreach (var env in Chain)
            {
                if (!promotions.TryGetValue(env, out var promotion))
                {
                    continue;
                }

                if (transitions.GetValueOrDefault($"to-{env}")?.LastRun is { Commit: { } c } run && c == promotion)
                {
                    stages.TryAdd($"{env}: transitioner round that promoted (its run time)", (run.Time - DateTimeOffset.UtcNow).TotalMilliseconds + clock.Elapsed.TotalMilliseconds);
                }

                var index = seenHeads.IndexOf(promotion);
                if (index < 0)
                {
                    index = seenHeads.Count - 1;
                }

                if (report.Revision is { } fetched && seenHeads.IndexOf(fetched) >= index && index >= 0)
                {
                    Mark($"{env}: deployer fetched");
                }

                var cluster = system.Cluster(env == "prod" ? PlaygroundSystem.ProdContext : PlaygroundSystem.MainContext);
                if (!stages.ContainsKey($"{env}: applied (simulator PATCH)")
                    && cluster.RequestLog.Snapshot().Any(e => e is { Method: "PATCH", IsDryRun: false } && e.Path.EndsWith($"/namespaces/{env}/deployments/web", StringComparison.Ordinal)))
                {
                    Mark($"{env}: applied (simulator PATCH)");
                }

                if (stages.ContainsKey($"{env}: applied (simulator PATCH)") && !stages.ContainsKey($"{env}: rollout complete (simulator)")
                    && await RolledOutAsync(http, cluster.BaseAddress, env, image, cancellationToken))
                {
                    Mark($"{env}: rollout complete (simulator)");
                }

                if (report.Environments.GetValueOrDefault(env) is { State: EnvironmentState.Clean } status
                    && status.Resources.GetValueOrDefault("web")?.Version == version)
                {
                    Mark($"{env}: status published (Clean)");
                }
            }

            await Task.Delay(2, cancellationToken);
        }

        return stages.OrderBy(s => s.Value).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
    }

    /// <summary>Refresh every daemon with nothing changed: the deployer's rounds must write nothing to either cluster.</summary>
    private static async Task NoChangeRoundAsync(PlaygroundSystem system, HttpClient http, TextWriter output, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // let the last rounds of the last post finish
        system.MainCluster.RequestLog.Clear();
        system.ProdCluster.RequestLog.Clear();
        var since = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        foreach (var address in new[] { system.DeployerAddress, system.TransitionerAddress, system.AggregatorAddress })
        {
            using var response = await http.PostAsync(new Uri(address, "api/refresh"), null, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        await Eventually.HoldsAsync(
            () => Chain.All(env => system.Deployer.Status.Get(env)?.LastReconciledAt > since),
            "every environment reconciled after the refresh",
            TimeSpan.FromSeconds(10));
        var reconciled = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken); // and a poll later
        var requests = system.MainCluster.RequestLog.Snapshot().Concat(system.ProdCluster.RequestLog.Snapshot()).ToList();
        var writes = requests.Count(e => e.IsWrite && !e.IsDryRun);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"no-change round: refresh → all 3 environments reconciled",-58} {reconciled.TotalMilliseconds,8:F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"  API requests in the next 2.5 s (writes / all)",-58} {writes,8} / {requests.Count}   target 0 writes {(writes == 0 ? "met" : "MISSED")}"));
    }

    private static async Task SettleAsync(PlaygroundSystem system, string version, CancellationToken cancellationToken) =>
        await Eventually.HoldsAsync(
            () => Chain.All(env => system.Deployer.Status.Get(env) is { State: EnvironmentState.Clean } s && s.Resources.GetValueOrDefault("web")?.Version == version),
            "every environment deployed and Clean at the seed",
            TimeSpan.FromSeconds(60));

    /// <summary>Rolled out by <c>kubectl rollout status</c>'s rules: the new spec observed, every replica updated and available, no old one left.</summary>
    /// <remarks>The deployer's DeploymentHealth applies the same rules.</remarks>
    private static async Task<bool> RolledOutAsync(HttpClient http, Uri cluster, string env, string image, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(cluster, $"apis/apps/v1/namespaces/{env}/deployments/web"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var live = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        var replicas = live["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        var status = live["status"];
        return live["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>() == image
            && status?["observedGeneration"]?.GetValue<long>() >= live["metadata"]?["generation"]?.GetValue<long>()
            && status?["updatedReplicas"]?.GetValue<long>() == replicas
            && status?["replicas"]?.GetValue<long>() == replicas
            && status?["availableReplicas"]?.GetValue<long>() == replicas;
    }

    private static async Task<string> HeadAsync(string repo, CancellationToken cancellationToken)
    {
        var loose = Path.Combine(repo, "refs", "heads", "main");
        if (File.Exists(loose))
        {
            try
            {
                return (await File.ReadAllTextAsync(loose, cancellationToken)).Trim();
            }
            catch (IOException)
            {
                // being replaced: ask git
            }
        }

        return (await GitAsync(repo, ["rev-parse", "main"], cancellationToken)).Trim();
    }

    private static async Task<IReadOnlyList<string>> NewCommitsAsync(string repo, string from, string to, CancellationToken cancellationToken) =>
        (await GitAsync(repo, ["rev-list", "--reverse", $"{from}..{to}"], cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string?> TargetOfAsync(string repo, string commit, CancellationToken cancellationToken)
    {
        var target = (await GitAsync(repo, ["show", "-s", "--format=%(trailers:key=DM-Target,valueonly)", commit], cancellationToken)).Trim();
        return target.Length == 0 ? null : target;
    }

    private static async Task<string> GitAsync(string repo, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--git-dir");
        start.ArgumentList.Add(repo);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }

    private const string Fixture = """
        commits:
          - name: seed
            files:
              deployers.yaml: |
                deployers:
                  dev: {type: Kubernetes, context: playground, namespace: dev, createNamespace: true, prune: true}
                  pp: {type: Kubernetes, context: playground, namespace: pp, createNamespace: true, prune: true}
                  prod: {type: Kubernetes, context: playground-prod, namespace: prod, createNamespace: true, prune: true}
              transitions.yaml: |
                transitions:
                  to-dev: {source: latest, target: dev}
                  to-pp: {source: dev, target: pp, preconditions: [SourceClean]}
                  to-prod: {source: pp, target: prod, preconditions: [SourceClean]}
              latest/version/web.yaml: "version: \"1.0\"\n"
              dev/version/web.yaml: "version: \"1.0\"\n"
              pp/version/web.yaml: "version: \"1.0\"\n"
              prod/version/web.yaml: "version: \"1.0\"\n"
              dev/base/web.yaml: &web |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  replicas: 2
                  progressDeadlineSeconds: 20
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: web, image: "example/web:$version"}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports:
                  - {port: 80, targetPort: 8080}
              pp/base/web.yaml: *web
              prod/base/web.yaml: *web
        """;
}
