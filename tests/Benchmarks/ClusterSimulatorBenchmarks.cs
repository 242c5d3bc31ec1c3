using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Benchmarks;

/// <summary>
/// The simulator on loopback with plain HttpClient: 2,000 server-side applies at 8-way concurrency, a LIST of 10,000
/// objects, 1,000 concurrent watchers' event latency, and the simulator's memory with 10,000 objects.
/// </summary>
public sealed class ClusterSimulatorBenchmarks : IBenchmark
{
    public string Name => "simulator";

    public string Description => "ClusterSimulator: SSA throughput, LIST 10k, 1k watchers latency, memory with 10k objects";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { ClusterName = "bench" }, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = simulator.BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"bench"}}""", "application/json", cancellationToken);
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"watch"}}""", "application/json", cancellationToken);

        // Warm up the JIT and connection pool on another namespace's objects.
        await ApplyConfigMapsAsync(http, "watch", "warm", 200, 8, cancellationToken);
        await CreateConfigMapsAsync(http, "watch", "warm-create", 200, 8, cancellationToken);
        using (var warmList = await http.GetAsync("/api/v1/namespaces/watch/configmaps", cancellationToken))
        {
            await warmList.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var applies = Stopwatch.StartNew();
        await ApplyConfigMapsAsync(http, "bench", "cm", 2000, 8, cancellationToken);
        applies.Stop();
        output.WriteLine($"2,000 server-side applies, 8-way:      {applies.Elapsed.TotalSeconds,8:F2} s    (target <= 5 s; {2000 / applies.Elapsed.TotalSeconds:F0}/s)");

        var fill = Stopwatch.StartNew();
        await CreateConfigMapsAsync(http, "bench", "fill", 8000, 8, cancellationToken);
        fill.Stop();
        output.WriteLine($"8,000 more creates (to 10,000):        {fill.Elapsed.TotalSeconds,8:F2} s");

        var listTimes = new List<double>();
        var count = 0;
        for (var i = 0; i < 5; i++)
        {
            var list = Stopwatch.StartNew();
            using var response = await http.GetAsync("/api/v1/namespaces/bench/configmaps", cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            list.Stop();
            count = JsonNode.Parse(bytes)!["items"]!.AsArray().Count;
            listTimes.Add(list.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"LIST of {count:N0} objects:               {listTimes[0],8:F1} ms first, {listTimes.Skip(1).Min():F1} ms best of 4 more (target <= 250 ms; JIT warmed on a small list)");

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        output.WriteLine($"Memory with {count:N0} objects:            {(heapAfter - heapBefore) / 1024.0 / 1024.0,8:F1} MB managed heap growth, {process.WorkingSet64 / 1024.0 / 1024.0:F0} MB process working set (target <= 300 MB)");

        await WatchersAsync(http, output, 1000, 5, cancellationToken);
    }

    private static async Task WatchersAsync(HttpClient http, TextWriter output, int watchers, int events, CancellationToken cancellationToken)
    {
        var version = (string)JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/watch/configmaps?limit=1", cancellationToken))!["metadata"]!["resourceVersion"]!;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = new long[watchers, events];
        var sentAt = new long[events];
        var ready = new CountdownEvent(watchers);
        var readers = new List<Task>();
        for (var w = 0; w < watchers; w++)
        {
            var index = w;
            readers.Add(Task.Run(
                async () =>
                {
                    using var response = await http.GetAsync($"/api/v1/namespaces/watch/configmaps?watch=1&resourceVersion={version}&labelSelector=bench%3Dwatch", HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                    ready.Signal();
                    for (var e = 0; e < events; e++)
                    {
                        var line = await reader.ReadLineAsync(stop.Token);
                        if (line is null)
                        {
                            return;
                        }

                        received[index, e] = Stopwatch.GetTimestamp();
                    }
                },
                stop.Token));
        }

        var connecting = Stopwatch.StartNew();
        ready.Wait(TimeSpan.FromSeconds(60), cancellationToken);
        output.WriteLine($"{watchers:N0} watchers connected in:             {connecting.Elapsed.TotalMilliseconds,8:F0} ms");

        // The response headers arrive once the server registered the watcher, so every watcher is live from here.
        for (var e = 0; e < events; e++)
        {
            sentAt[e] = Stopwatch.GetTimestamp();
            await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/watch/configmaps", "{\"metadata\":{\"name\":\"event-" + e.ToString(CultureInfo.InvariantCulture) + "\",\"labels\":{\"bench\":\"watch\"}}}", "application/json", cancellationToken);
            await Task.Delay(200, cancellationToken);
        }

        var all = Task.WhenAll(readers);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
        var latencies = new List<double>();
        var missing = 0;
        for (var w = 0; w < watchers; w++)
        {
            for (var e = 0; e < events; e++)
            {
                if (received[w, e] == 0)
                {
                    missing++;
                }
                else
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt[e], received[w, e]).TotalMilliseconds);
                }
            }
        }

        await stop.CancelAsync();
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        output.WriteLine($"{watchers:N0} watchers x {events} events, latency:   p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies.LastOrDefault():F1} ms, missing {missing} (target p99 <= 100 ms; includes the create request)");
        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
            // The watchers were cancelled on purpose.
        }
    }

    private static Task ApplyConfigMapsAsync(HttpClient http, string ns, string prefix, int count, int concurrency, CancellationToken cancellationToken)
        => Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var name = $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}";
                var yaml = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  labels:\n    app: bench\ndata:\n  index: \"{i}\"\n  payload: \"{new string('x', 200)}\"\n";
                await SendAsync(http, HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/{name}?fieldManager=bench", yaml, "application/apply-patch+yaml", ct);
            });

    private static Task CreateConfigMapsAsync(HttpClient http, string ns, string prefix, int count, int concurrency, CancellationToken cancellationToken)
        => Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var body = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = $"{prefix}-{i}", ["labels"] = new JsonObject { ["app"] = "bench" } },
                    ["data"] = new JsonObject { ["index"] = i.ToString(CultureInfo.InvariantCulture), ["payload"] = new string('x', 200) },
                }.ToJsonString();
                await SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body, "application/json", ct);
            });

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string body, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
