using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dm.Aggregator;
using Dm.Aggregator.State;
using Dm.GitFixture;
using Dm.Status;
using Dm.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Dm.Benchmarks.AggregatorBenchmarks;

namespace Dm.Benchmarks;

/// <summary>
/// The aggregator's reads at issue 15's scale, over HTTP on a local bare repo: <c>GET /api/state</c> with 5 environments ×
/// 10,000 resources (≤ 200 ms) and history pages on 10,000 commits (≤ 100 ms): the first page, pages deep in the history
/// (walking <c>next</c>), and a page filtered by one resource. Where the state's time goes: time to the response headers,
/// the whole body, and serializing the aggregator's cached <see cref="Dm.Aggregator.State.StateResponse"/> in process.
/// No deployer or transitioner is configured (their columns are empty); <c>DM_AGGREGATOR_SCALE_RESOURCES</c> changes the size.
/// </summary>
public sealed class AggregatorScaleBenchmarks : IBenchmark
{
    private const int Reads = 20;
    private const int HistoryPages = 40;

    public string Name => "aggregator-scale";

    public string Description => "aggregator reads at 5 envs x 10,000 resources and 10,000 commits: GET /api/state <= 200 ms, history pages <= 100 ms";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var resources = Environment.GetEnvironmentVariable("DM_AGGREGATOR_SCALE_RESOURCES") is { Length: > 0 } size
            ? int.Parse(size, CultureInfo.InvariantCulture)
            : 10_000;
        using var root = new TempDirectory();
        output.WriteLine($"  load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        var setup = Stopwatch.StartNew();
        var remote = await FixtureRepository.CreateAsync(
            new FixtureTemplate([new FixtureCommit("seed", "Seed", null, SeedFiles(resources))]), root.Sub("remote.git"), cancellationToken);
        AppendHistory(remote.GitDirectory, resources);
        output.WriteLine($"  built remote: {resources:N0} resources × {Environments.Length} environments ({resources * Environments.Length * 2:N0} files), 10,000 history commits in {setup.ElapsedMilliseconds:N0} ms (setup, not measured)");

        var start = Stopwatch.StartNew();
        await using var host = await AggregatorHost.StartAsync(
            o =>
            {
                o.RepoUrl = remote.GitDirectory;
                o.CheckoutPath = root.Sub("mirror.git");
                o.Auth = "none";
            },
            0,
            cancellationToken);
        Report(output, "start (open mirror, read and render the model, index the history)", start.Elapsed, null);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var first = Stopwatch.StartNew();
        var body = await client.GetStringAsync("/api/state", cancellationToken);
        Report(output, $"GET /api/state, first ({body.Length / 1024:N0} KiB)", first.Elapsed, null);
        var whole = new List<TimeSpan>();
        var headers = new List<TimeSpan>();
        for (var i = 0; i < Reads; i++)
        {
            var read = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/state", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            headers.Add(read.Elapsed);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            whole.Add(read.Elapsed);
        }

        Report(output, $"GET /api/state, {resources:N0} × {Environments.Length}, warm p50 of {Reads}", Percentile(whole, 0.5), null);
        Report(output, $"GET /api/state, {resources:N0} × {Environments.Length}, warm p95 of {Reads}", Percentile(whole, 0.95), "≤ 200 ms");
        Report(output, "  of which to the response headers (p50)", Percentile(headers, 0.5), null);
        var state = host.Services.GetRequiredService<CurrentState>().State;
        var serialize = new List<TimeSpan>();
        for (var i = 0; i < Reads; i++)
        {
            var run = Stopwatch.StartNew();
            using var sink = new MemoryStream();
            await JsonSerializer.SerializeAsync(sink, state, DmJson.Options, cancellationToken);
            serialize.Add(run.Elapsed);
        }

        Report(output, "  in process: JsonSerializer of the cached StateResponse (p50)", Percentile(serialize, 0.5), null);

        await client.GetStringAsync("/api/history?limit=50", cancellationToken);
        var firstPages = await TimeGetsAsync(client, _ => "/api/history?limit=50", Reads, cancellationToken);

        Report(output, $"GET /api/history?limit=50 on 10,000 commits, first page, warm p95 of {Reads}", Percentile(firstPages, 0.95), "≤ 100 ms");

        var deep = new List<TimeSpan>();
        string? next = null;
        for (var page = 0; page < HistoryPages; page++)
        {
            var read = Stopwatch.StartNew();
            var text = await client.GetStringAsync(next is null ? "/api/history?limit=50" : $"/api/history?limit=50&before={Uri.EscapeDataString(next)}", cancellationToken);
            deep.Add(read.Elapsed);
            using var json = JsonDocument.Parse(text);
            next = json.RootElement.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (next is null)
            {
                break;
            }
        }

        Report(output, $"GET /api/history?limit=50&before=<next>, {deep.Count} pages walked back, p95", Percentile(deep, 0.95), "≤ 100 ms");

        var filtered = await TimeGetsAsync(
            client, i => string.Create(CultureInfo.InvariantCulture, $"/api/history?limit=50&resource=svc-{(i * 397) % resources:D4}"), Reads, cancellationToken);

        Report(output, $"GET /api/history?limit=50&resource=<one of {resources:N0}>, p95 of {Reads}", Percentile(filtered, 0.95), "≤ 100 ms");
        output.WriteLine($"  load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
