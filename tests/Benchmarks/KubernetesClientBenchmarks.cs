using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.Kubernetes;

namespace Dm.Benchmarks;

/// <summary>
/// DM's Kubernetes client against the ClusterSimulator on loopback: 2,000 server-side applies with 8-way concurrency
/// (target ≤ 5 s) and a LIST of 10,000 objects (target ≤ 250 ms).
/// </summary>
public sealed class KubernetesClientBenchmarks : IBenchmark
{
    private const int Applies = 2_000;
    private const int Concurrency = 8;
    private const int ListSize = 10_000;

    public string Name => "kube-client";

    public string Description => "DM's Kubernetes client vs ClusterSimulator: 2,000 SSA (8-way) <= 5 s; LIST 10,000 <= 250 ms";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await using var simulator = await ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RunControllers = false, WatchHistorySize = 1_000 }, cancellationToken);
        var directory = Path.Combine(Path.GetTempPath(), "dm-kube-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var endpoint = KubeConfigLoader.LoadFile(simulator.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), "bench", "bench")).ResolveContext();
            using var client = new KubernetesRestClient(endpoint);
            var apply = new ApplyOptions("dm-bench");
            await client.ApplyAsync(Namespace("bench"), apply, cancellationToken);
            await client.ApplyAsync(Namespace("big"), apply, cancellationToken);

            // Warm up connections, discovery and the JIT.
            await RunAppliesAsync(client, "bench", "warm", 200, apply, cancellationToken);

            var stopwatch = Stopwatch.StartNew();
            await RunAppliesAsync(client, "bench", "cm", Applies, apply, cancellationToken);
            stopwatch.Stop();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server-side apply: {Applies:N0} ConfigMaps, {Concurrency}-way: {stopwatch.Elapsed.TotalSeconds:0.00} s ({Applies / stopwatch.Elapsed.TotalSeconds:N0}/s)   target <= 5 s   {(stopwatch.Elapsed <= TimeSpan.FromSeconds(5) ? "OK" : "MISSED")}"));

            await RunAppliesAsync(client, "big", "item", ListSize, apply, cancellationToken);
            // Reference: the same single-page LIST as raw bytes (server + transport, no client parsing).
            using (var raw = new HttpClient())
            {
                var url = new Uri(simulator.BaseAddress, $"/api/v1/namespaces/big/configmaps?limit={ListSize}");
                await raw.GetByteArrayAsync(url, cancellationToken);
                var times = new List<double>();
                var size = 0;
                for (var i = 0; i < 5; i++)
                {
                    var watch = Stopwatch.StartNew();
                    size = (await raw.GetByteArrayAsync(url, cancellationToken)).Length;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reference: raw GET of the same list ({size / 1024:N0} KiB, no parsing): median {times[2]:0} ms (min {times[0]:0}, max {times[^1]:0})"));
            }

            foreach (var (label, pageSize) in new[] { ("one page (limit=10000)", ListSize), ("pages of 500 (default)", 500) })
            {
                var query = new ResourceQuery(string.Empty, "ConfigMap", "big", PageSize: pageSize);
                await client.ListAsync(query, cancellationToken); // warm-up
                var times = new List<double>();
                var count = 0;
                for (var i = 0; i < 5; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var list = await client.ListAsync(query, cancellationToken);
                    watch.Stop();
                    count = list.Items.Count;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                var median = times[times.Count / 2];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"LIST {count:N0} ConfigMaps, {label}: median {median:0} ms (min {times[0]:0}, max {times[^1]:0}) of 5   target <= 250 ms   {(median <= 250 ? "OK" : "MISSED")}"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunAppliesAsync(KubernetesRestClient client, string @namespace, string prefix, int count, ApplyOptions apply, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => await client.ApplyAsync(ConfigMap(@namespace, $"{prefix}-{i}", i), apply, ct));
    }

    private static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    private static JsonObject ConfigMap(string @namespace, string name, int value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "dm", ["shard"] = (value % 10).ToString(CultureInfo.InvariantCulture) },
        },
        ["data"] = new JsonObject { ["value"] = value.ToString(CultureInfo.InvariantCulture), ["config.yaml"] = "replicas: 3\nimage: registry.example.com/app:1.2.3\n" },
    };
}
