using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Dm.Aggregator;
using Dm.GitFixture;
using Dm.TestSupport;

namespace Dm.Benchmarks;

/// <summary>
/// The aggregator over HTTP on a local bare repo: POST /api/versions → pushed commit (sequential p95 and 100
/// concurrent), GET /api/history?limit=50 on 10,000 commits (warm), GET /api/state with 500 resources × 5 environments.
/// </summary>
public sealed class AggregatorBenchmarks : IBenchmark
{
    private const int Resources = 500;
    private const int HistoryCommits = 10_000;
    private const int SequentialPosts = 40;
    private const int ConcurrentPosts = 100;
    private const int Reads = 50;

    internal static readonly string[] Environments = ["latest", "dev", "qa", "pp", "prod"];

    public string Name => "aggregator";

    public string Description => "aggregator API: version posts to pushed commit, 100 concurrent posts, history on 10,000 commits, state of 500 × 5";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var root = new TempDirectory();
        await RunInAsync(root.Path, output, cancellationToken);
    }

    private static async Task RunInAsync(string root, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = Stopwatch.StartNew();
        var remote = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("seed", "Seed", null, SeedFiles(Resources))]), Path.Combine(root, "remote.git"), cancellationToken);
        AppendHistory(remote.GitDirectory, Resources);
        output.WriteLine($"built remote: {Resources} resources × {Environments.Length} environments, {HistoryCommits:N0} commits in {setup.ElapsedMilliseconds} ms (setup, not measured)");

        await using (var raw = await Dm.Git.GitRepository.OpenAsync(new Dm.Git.GitRepositoryOptions(remote.GitDirectory, Path.Combine(root, "raw.git")), cancellationToken))
        {
            var rawCommits = new List<TimeSpan>();
            for (var i = 0; i < 10; i++)
            {
                var commit = Stopwatch.StartNew();
                await raw.CommitAsync(
                    new Dm.Git.CommitRequest($"raw {i}", Dm.Git.GitIdentity.Default),
                    [new Dm.Git.FileChange.Put("latest/version/svc-0499.yaml", $"version: \"r{i}\"\n")],
                    cancellationToken);
                rawCommits.Add(commit.Elapsed);
            }

            Report(output, "reference: GitRepository.CommitAsync of 1 file (fetch, tree, commit, push), p50 of 10", Percentile(rawCommits, 0.5), null);
        }

        await using (var raw = await Dm.Git.GitRepository.OpenAsync(
            new Dm.Git.GitRepositoryOptions(remote.GitDirectory, Path.Combine(root, "raw-nofetch.git")) { FetchBeforeCommit = false }, cancellationToken))
        {
            var rawCommits = new List<TimeSpan>();
            for (var i = 0; i < 10; i++)
            {
                var commit = Stopwatch.StartNew();
                await raw.CommitAsync(
                    _ => new Dm.Git.CommitPlan([new Dm.Git.FileChange.Put("latest/version/svc-0498.yaml", $"version: \"n{i}\"\n")], $"raw {i}", Dm.Git.GitIdentity.Default),
                    cancellationToken);
                rawCommits.Add(commit.Elapsed);
            }

            Report(output, "reference: CommitAsync on the mirror's head, no fetch (ref file, fast-import, push), p50 of 10", Percentile(rawCommits, 0.5), null);
        }

        await HistoryColdStartAsync(remote.GitDirectory, root, output, cancellationToken);

        var start = Stopwatch.StartNew();
        await using var host = await AggregatorHost.StartAsync(
            o =>
            {
                o.RepoUrl = remote.GitDirectory;
                o.CheckoutPath = Path.Combine(root, "mirror.git");
                o.Auth = "none";
            },
            0,
            cancellationToken);
        Report(output, "start (open mirror, read model, index 10,000 commits from git, write the index file)", start.Elapsed, null);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var sequential = new List<TimeSpan>();
        for (var i = 0; i < SequentialPosts; i++)
        {
            var post = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/api/versions", new { resource = "svc-0001", version = $"s{i}", changelog = "bench" }, cancellationToken);
            response.EnsureSuccessStatusCode();
            sequential.Add(post.Elapsed);
        }

        Report(output, $"POST /api/versions → pushed commit, p50 of {SequentialPosts}", Percentile(sequential, 0.5), null);
        Report(output, $"POST /api/versions → pushed commit, p95 of {SequentialPosts}", Percentile(sequential, 0.95), "≤ 150 ms");
        var metrics = await client.GetStringAsync("/metrics", cancellationToken);
        Report(output, "  of which inside the writer (queue → pushed, dm_aggregator_write_seconds mean)", TimeSpan.FromSeconds(MetricValue(metrics, "dm_aggregator_write_seconds_sum") / MetricValue(metrics, "dm_aggregator_write_seconds_count")), null);

        var before = PlainGitCount(remote.GitDirectory);
        var concurrent = Stopwatch.StartNew();
        var posts = Enumerable.Range(0, ConcurrentPosts)
            .Select(i => client.PostAsJsonAsync("/api/versions", new { resource = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D4}"), version = $"c{i}" }, cancellationToken))
            .ToList();
        var responses = await Task.WhenAll(posts);
        var elapsed = concurrent.Elapsed;
        var landed = PlainGitCount(remote.GitDirectory) - before;
        Report(output, $"{ConcurrentPosts} concurrent POST /api/versions, all answered ({responses.Count(r => r.IsSuccessStatusCode)} ok, {landed} commits landed)", elapsed, "≤ 5000 ms");
        foreach (var r in responses)
        {
            r.Dispose();
        }

        await client.GetStringAsync("/api/history?limit=50", cancellationToken);
        var history = await TimeGetsAsync(client, _ => "/api/history?limit=50", Reads, cancellationToken);

        Report(output, $"GET /api/history?limit=50 on {HistoryCommits:N0}+ commits, warm p95 of {Reads}", Percentile(history, 0.95), "≤ 100 ms");

        var size = (await client.GetStringAsync("/api/state", cancellationToken)).Length;
        var state = await TimeGetsAsync(client, _ => "/api/state", Reads, cancellationToken);

        Report(output, $"GET /api/state, {Resources} resources × {Environments.Length} environments ({size / 1024} KiB), p95 of {Reads}", Percentile(state, 0.95), "≤ 50 ms");
    }

    /// <summary>The history index built from git, written to its file, and loaded from the file (what a restart costs).</summary>
    private static async Task HistoryColdStartAsync(string remote, string root, TextWriter output, CancellationToken cancellationToken)
    {
        await using var repository = await Dm.Git.GitRepository.OpenAsync(new Dm.Git.GitRepositoryOptions(remote, Path.Combine(root, "history.git")), cancellationToken);
        var head = await repository.FetchAsync(cancellationToken);
        var file = Path.Combine(root, "history.jsonl");
        var cold = Stopwatch.StartNew();
        using (var index = new Dm.Aggregator.History.HistoryIndex())
        {
            await index.UpdateAsync(repository, head, cancellationToken);
        }

        Report(output, $"history index cold start without a stored index ({HistoryCommits:N0}+ commits read from git)", cold.Elapsed, null);
        var build = Stopwatch.StartNew();
        using (var index = new Dm.Aggregator.History.HistoryIndex(new Dm.Aggregator.History.HistoryStore(file)))
        {
            await index.UpdateAsync(repository, head, cancellationToken);
        }

        Report(output, $"history index built from git and written ({new FileInfo(file).Length / 1024} KiB file)", build.Elapsed, null);
        var warm = Stopwatch.StartNew();
        using (var index = new Dm.Aggregator.History.HistoryIndex(new Dm.Aggregator.History.HistoryStore(file)))
        {
            await index.UpdateAsync(repository, head, cancellationToken);
            Report(output, $"history index cold start with the stored index ({index.LastUpdate.EventsLoaded:N0} events loaded, {index.LastUpdate.CommitsRead} commits read)", warm.Elapsed, null);
        }
    }

    internal static double MetricValue(string metrics, string name) =>
        double.Parse(
            metrics.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal)).Split(' ')[^1],
            CultureInfo.InvariantCulture);

    /// <summary>deployers.yaml, transitions.yaml and a Deployment with its version file per resource and environment.</summary>
    internal static Dictionary<string, string> SeedFiles(int resources)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployers.yaml"] = "deployers:\n" + string.Concat(Environments.Skip(1).Select(e => $"  {e}:\n    type: Kubernetes\n    namespace: {e}\n")),
            ["transitions.yaml"] = "transitions:\n" + string.Concat(Environments.Zip(Environments.Skip(1)).Select(p => $"  {p.First}-to-{p.Second}:\n    source: {p.First}\n    target: {p.Second}\n")),
        };
        foreach (var env in Environments)
        {
            for (var i = 0; i < resources; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D4}");
                files[$"{env}/base/{name}.yaml"] = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${{image}}\n";
                files[$"{env}/version/{name}.yaml"] = $"version: \"1\"\nimage: \"reg/{name}:1\"\n";
            }
        }

        return files;
    }

    /// <summary>10,000 new-version commits in one <c>git fast-import</c>.</summary>
    internal static void AppendHistory(string gitDirectory, int resources)
    {
        var stream = new StringBuilder();
        for (var i = 0; i < HistoryCommits; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"svc-{i % resources:D4}");
            var version = string.Create(CultureInfo.InvariantCulture, $"h{i}");
            var message = $"New version {name} {version}\n\nChange {i}\n\nDM-Action: new-version\nDM-Resource: {name}\nDM-Version: {version}\nDM-Environment: latest\n";
            var content = $"version: \"{version}\"\nimage: \"reg/{name}:{version}\"\n";
            var time = 1_600_000_000L + (i * 60L);
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/main\nauthor Bench <b@localhost> {time} +0000\ncommitter Bench <b@localhost> {time} +0000\n");
            stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(message)}\n{message}\n");
            if (i == 0)
            {
                stream.Append("from refs/heads/main^0\n");
            }

            stream.Append(CultureInfo.InvariantCulture, $"M 100644 inline latest/version/{name}.yaml\ndata {Encoding.UTF8.GetByteCount(content)}\n{content}\n\n");
        }

        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--git-dir", gitDirectory, "fast-import", "--quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stream.ToString());
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("git fast-import failed: " + error.Result);
        }
    }

    private static int PlainGitCount(string gitDirectory)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--git-dir", gitDirectory, "rev-list", "--count", "main" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Times <paramref name="count"/> sequential GETs of <paramref name="path"/>(i), each to the whole body read.</summary>
    internal static async Task<List<TimeSpan>> TimeGetsAsync(HttpClient client, Func<int, string> path, int count, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            var read = Stopwatch.StartNew();
            await client.GetStringAsync(path(i), cancellationToken);
            times.Add(read.Elapsed);
        }

        return times;
    }

    internal static TimeSpan Percentile(List<TimeSpan> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    internal static void Report(TextWriter output, string what, TimeSpan elapsed, string? target) =>
        output.WriteLine($"  {what,-96} {elapsed.TotalMilliseconds,9:F1} ms{(target is null ? string.Empty : "   target " + target)}");
}
