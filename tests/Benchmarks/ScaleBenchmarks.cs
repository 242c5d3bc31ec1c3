using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dm.Git;
using Dm.GitFixture;
using Dm.TestSupport;
using Dm.Transitioner.Execution;
using Dm.Transitioner.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Benchmarks;

/// <summary>
/// The deployer at scale on the simulator: 5 environments × 1,000 and then × 10,000 resources (2 % Deployments, 2 %
/// Services, 0.5 % custom resources of one CRD kind, the rest ConfigMaps), the same steps as <c>deployer</c> side by
/// side (cost should grow with what changed, not with the repo): first full sync, no-change round (≤ 200 ms, 0 writes),
/// one changed version applied and Clean (≤ 500 ms), memory in this process; at 10,000 the deployer binary in its own
/// process for its RSS (≤ 500 MB). Then the transitioner over the chain of 5 environments × 10,000 resources (100,000
/// files): an idle round (≤ 200 ms) and a round promoting one changed version. Set <c>DM_SCALE_RESOURCES</c> (e.g.
/// <c>1000</c>) to run one size only, <c>DM_SCALE_PART=transitioner</c> or <c>deployer</c> to run one part, and <c>DM_SCALE_STEPS=process</c> to measure only the
/// deployer's own process (its RSS); <c>DM_SCALE_GCDUMP=file</c> writes a heap dump of that process after its rounds
/// (with <c>dotnet-gcdump</c> on PATH).
/// </summary>
public sealed class ScaleBenchmarks : IBenchmark
{
    private const int Environments = 5;

    public string Name => "scale";

    public string Description => "5 envs x 10,000: transitioner idle round <= 200 ms and one promotion; deployer at x 1,000 and x 10,000 (Deployments, Services, ConfigMaps, a CRD kind): sync, no-change <= 200 ms, one change <= 500 ms, RSS <= 500 MB";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var part = Environment.GetEnvironmentVariable("DM_SCALE_PART");
        if (part is null or "" or "transitioner")
        {
            await TransitionerAsync(10_000, output, cancellationToken);
            if (part == "transitioner")
            {
                return;
            }
        }

        var sizes = Environment.GetEnvironmentVariable("DM_SCALE_RESOURCES") is { Length: > 0 } only ? [int.Parse(only, System.Globalization.CultureInfo.InvariantCulture)] : new[] { 1_000, 10_000 };
        foreach (var size in sizes)
        {
            output.WriteLine($"  -- {Environments} x {size:N0} resources, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            var shape = new DeployerBenchmarks(Environments, size, size / 50, size / 50, size / 200, (SyncSeconds: size / 100.0, NoChangeMs: 200, ChangeMs: 500, RssMb: 500));
            await shape.RunShapeAsync(output, full: size >= 10_000, cancellationToken);
        }

        output.WriteLine($"  load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task TransitionerAsync(int resources, TextWriter output, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var transitions = new StringBuilder("transitions:\n");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var environments = Enumerable.Range(0, Environments).Select(e => e == 0 ? "latest" : string.Create(CultureInfo.InvariantCulture, $"env{e}")).ToList();
        for (var t = 1; t < Environments; t++)
        {
            transitions.Append(CultureInfo.InvariantCulture, $"  to-{environments[t]}:\n    source: {environments[t - 1]}\n    target: {environments[t]}\n");
        }

        files["transitions.yaml"] = transitions.ToString();
        foreach (var env in environments)
        {
            for (var i = 0; i < resources; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"service-{i:D5}");
                files[$"{env}/base/{name}.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  version: $version\n";
                files[$"{env}/version/{name}.yaml"] = string.Create(CultureInfo.InvariantCulture, $"version: \"1.0.{i}\"\n");
            }
        }

        var seed = Stopwatch.StartNew();
        var remote = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("v1", "Seed", null, files)]), dir.Sub("scale.git"), cancellationToken);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, dir.Sub("transitioner.git")), cancellationToken);
        await using var writer = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, dir.Sub("writer.git")), cancellationToken);
        using var runner = new TransitionRunner(repo, _ => Task.FromResult(DeployerObservation.NotConfigured), TimeProvider.System, NullLogger.Instance, new TransitionerMetrics(Prometheus.Metrics.NewCustomRegistry()));
        var first = Stopwatch.StartNew();
        await runner.RunRoundAsync(commit: true, null, cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  -- transitioner, {Environments} environments x {resources:N0} resources ({files.Count:N0} files; seeded in {seed.Elapsed.TotalSeconds - first.Elapsed.TotalSeconds:F1} s), load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first round (cold model): {first.Elapsed.TotalMilliseconds:F0} ms"));
        var idle = new List<double>();
        for (var r = 0; r < 5; r++)
        {
            var watch = Stopwatch.StartNew();
            var result = await runner.RunRoundAsync(commit: true, null, cancellationToken);
            idle.Add(watch.Elapsed.TotalMilliseconds);
            if (result.Outcomes.Any(o => o.Decision is not TransitionDecision.NoChange))
            {
                throw new InvalidOperationException("expected every transition to have nothing to do");
            }
        }

        idle.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle round over {Environments - 1} transitions (incl. fetch): median {idle[2]:F0} ms, max {idle[^1]:F0} ms   target <= 200 ms   {(idle[2] <= 200 ? "OK" : "MISSED")}"));
        var changes = new List<double>();
        var promotions = 0;
        for (var c = 1; c <= 3; c++)
        {
            var version = string.Create(CultureInfo.InvariantCulture, $"2.0.{c}");
            await writer.CommitAsync(
                new CommitRequest("service-05000 " + version, new GitIdentity("Bench", "bench@localhost")),
                [new FileChange.Put("latest/version/service-05000.yaml", $"version: \"{version}\"\n")],
                cancellationToken);
            var watch = Stopwatch.StartNew();
            var result = await runner.RunRoundAsync(commit: true, null, cancellationToken);
            changes.Add(watch.Elapsed.TotalMilliseconds);
            promotions = result.Outcomes.Count(o => o.Decision is TransitionDecision.Promote { Moves.Count: 1 });
            if (promotions == 0)
            {
                throw new InvalidOperationException($"expected a promotion of one resource: {string.Join("; ", result.Outcomes.Select(o => $"{o.Name} {o.Decision.Result} {o.Message}"))}");
            }
        }

        changes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round promoting one changed version (fetch + decide + commit + push; {promotions} one-resource promotions in the round): median {changes[1]:F0} ms (runs: {string.Join(", ", changes.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} ms)"));
    }
}
