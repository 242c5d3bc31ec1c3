using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.GitFixture;
using Dm.TestSupport;

namespace Dm.Benchmarks;

/// <summary>
/// Cold start of each published daemon (<c>dotnet publish -c Release</c> of src/Deployer, src/Transitioner,
/// src/Aggregator, run as <c>dotnet &lt;dll&gt;</c>, configured by a config file and environment variables) on a
/// 3 environments × 1,000 resources repo, from process start (empty mirror: the clone is part of it) to
/// <c>/readyz</c> 200, and its resident memory (VmRSS) then; for the deployer also to every environment Clean (3,000
/// objects applied to a ClusterSimulator) and its RSS there. <c>DM_PUBLISHED=&lt;dir&gt;</c> reuses earlier publishes
/// in <c>&lt;dir&gt;/&lt;Daemon&gt;/</c> instead of publishing again.
/// </summary>
public sealed class ColdStartBenchmarks : IBenchmark
{
    private const int Resources = 1000;
    private const int Runs = 2;
    private static readonly string[] Environments = ["dev", "pp", "prod"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public string Name => "cold-start";

    public string Description => "published daemons: process start to /readyz 200 and RSS, on 3 environments × 1,000 resources";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var root = new TempDirectory();
        var published = Environment.GetEnvironmentVariable("DM_PUBLISHED") is { Length: > 0 } reuse ? reuse : await PublishAsync(root.Sub("publish"), output, cancellationToken);
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("seed", "Seed", null, SeedFiles())]), root.Sub("repo.git"), cancellationToken);
        await using var cluster = await ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RunControllers = false }, cancellationToken);
        var kubeconfig = cluster.WriteKubeconfig(root.Sub("kubeconfig"), "sim");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        output.WriteLine($"repo: {Environments.Length} environments × {Resources:N0} resources; load average {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");

        for (var run = 1; run <= Runs; run++)
        {
            foreach (var daemon in new[] { "Dm.Transitioner", "Dm.Aggregator", "Dm.Deployer" })
            {
                var work = Directory.CreateDirectory(root.Sub($"{daemon}-{run}")).FullName;
                var port = FreePort();
                var (arguments, environment) = Configure(daemon, work, repo.GitDirectory, kubeconfig, port);
                var clock = Stopwatch.StartNew();
                using var process = DaemonProcess.Start(Path.Combine(published, daemon, daemon), work, arguments, environment);
                try
                {
                    var baseAddress = new Uri($"http://127.0.0.1:{port}/");
                    await WaitAsync(() => ReadyAsync(http, baseAddress), process, cancellationToken);
                    var ready = clock.Elapsed;
                    var rss = RssMegabytes(process.Id);
                    var line = $"{daemon,-16} run {run}: ready in {Ms(ready)} ms, RSS {rss} MB";
                    if (daemon == "Dm.Deployer")
                    {
                        await WaitAsync(() => AllCleanAsync(http, baseAddress), process, cancellationToken);
                        line += $"; all {Environments.Length * Resources:N0} objects applied, every environment Clean in {Ms(clock.Elapsed)} ms, RSS {RssMegabytes(process.Id)} MB";
                        await DeleteNamespacesAsync(http, cluster);
                    }

                    output.WriteLine(line);
                }
                finally
                {
                    process.Kill();
                    await process.WaitForExitAsync(cancellationToken);
                }
            }
        }

        output.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task<string> PublishAsync(string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var sources = SourceTree.Root;
        foreach (var (project, daemon) in new[] { ("Deployer", "Dm.Deployer"), ("Transitioner", "Dm.Transitioner"), ("Aggregator", "Dm.Aggregator") })
        {
            var clock = Stopwatch.StartNew();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "publish", Path.Combine(sources, "src", project), "-c", "Release", "-o", Path.Combine(directory, daemon), "-v", "q" })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["DM_SKIP_UI_BUILD"] = "1";
            using var publish = Process.Start(info)!;
            var stdout = publish.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = publish.StandardError.ReadToEndAsync(cancellationToken);
            await publish.WaitForExitAsync(cancellationToken);
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish src/{project} failed: {await stdout}{await stderr}");
            }

            output.WriteLine($"published src/{project} (Release) in {Ms(clock.Elapsed)} ms (setup, not measured)");
        }

        return directory;
    }

    private static (string[] Arguments, Dictionary<string, string> Environment) Configure(string daemon, string work, string repo, string kubeconfig, int port)
    {
        var mirror = Path.Combine(work, "mirror.git");
        var logging = "\"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } }";
        switch (daemon)
        {
            case "Dm.Deployer":
                File.WriteAllText(Path.Combine(work, "deployer.json"), $$"""{ {{logging}}, "Deployer": { "RepoUrl": "{{repo}}", "CheckoutPath": "{{mirror}}", "PollInterval": "00:00:01" } }""");
                return (["serve", "--config", Path.Combine(work, "deployer.json")], new() { ["Deployer__Kubeconfig"] = kubeconfig, ["Deployer__Port"] = port.ToString(CultureInfo.InvariantCulture) });
            case "Dm.Transitioner":
                File.WriteAllText(Path.Combine(work, "appsettings.json"), $$"""{ {{logging}}, "Transitioner": { "RepoUrl": "{{repo}}", "CheckoutPath": "{{mirror}}" } }""");
                return (["serve"], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
            default:
                File.WriteAllText(Path.Combine(work, "aggregator.json"), $$"""{ {{logging}}, "aggregator": { "repoUrl": "{{repo}}", "checkoutPath": "{{mirror}}" } }""");
                return (["--config", Path.Combine(work, "aggregator.json"), "--urls", $"http://127.0.0.1:{port}"], new() { ["DM_AGGREGATOR__auth"] = "none" });
        }
    }

    private static Dictionary<string, string> SeedFiles()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployers.yaml"] = "deployers:\n" + string.Concat(Environments.Select(e => $"  {e}: {{type: Kubernetes, context: sim, namespace: {e}, createNamespace: true}}\n")),
            ["transitions.yaml"] = "transitions:\n  to-pp: {source: dev, target: pp, preconditions: [SourceClean]}\n  to-prod: {source: pp, target: prod, preconditions: [SourceClean]}\n",
        };
        foreach (var environment in Environments)
        {
            for (var i = 0; i < Resources; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D4}");
                files[$"{environment}/version/{name}.yaml"] = "version: \"1\"\n";
                files[$"{environment}/base/{name}.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{version: \"$version\"}}\n";
            }
        }

        return files;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with {process.ExitCode}");
            }

            if (deadline.Elapsed > Timeout)
            {
                throw new TimeoutException($"not there within {Timeout}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http, Uri baseAddress)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(baseAddress, "readyz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> AllCleanAsync(HttpClient http, Uri baseAddress)
    {
        var environments = JsonNode.Parse(await http.GetStringAsync(new Uri(baseAddress, "api/status")))!["environments"]!;
        return Environments.All(e => environments[e]?["state"]?.GetValue<string>() == "Clean");
    }

    /// <summary>Empties the cluster so the next deployer run applies everything again.</summary>
    private static async Task DeleteNamespacesAsync(HttpClient http, ClusterSimulator.ClusterSimulator cluster)
    {
        foreach (var environment in Environments)
        {
            using var deleted = await http.DeleteAsync(new Uri(cluster.BaseAddress, $"api/v1/namespaces/{environment}/configmaps"));
            deleted.EnsureSuccessStatusCode();
        }
    }

    private static long RssMegabytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024)
            .Single();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture);
}
