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
/// The transitioner: one promotion of 1,000 changed resources (decision + commit + push, target ≤ 2 s), and a round over
/// 20 transitions with nothing to do (target ≤ 50 ms, no git writes).
/// </summary>
public sealed class TransitionerBenchmarks : IBenchmark
{
    private const int Resources = 1_000;
    private const int IdleTransitions = 20;
    private const int IdleRounds = 10;

    public string Name => "transitioner";

    public string Description => "transitioner: promotion of 1,000 resources; idle round over 20 transitions";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        await PromotionAsync(dir, output, cancellationToken);
        await IdleRoundAsync(dir, output, cancellationToken);
    }

    private static async Task PromotionAsync(TempDirectory dir, TextWriter output, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["transitions.yaml"] = "transitions:\n  to-dev:\n    source: latest\n    target: dev\n",
        };
        for (var i = 0; i < Resources; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"service-{i:D4}");
            files[$"latest/base/{name}.yaml"] = Base(name);
            files[$"dev/base/{name}.yaml"] = Base(name);
            files[$"latest/version/{name}.yaml"] = $"version: \"2.0.{i}\"\n";
            files[$"dev/version/{name}.yaml"] = $"version: \"1.0.{i}\"\n";
        }

        var remote = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("v1", "Seed", null, files)]), dir.Sub("promote.git"), cancellationToken);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, dir.Sub("promote-mirror.git")), cancellationToken);
        using var runner = new TransitionRunner(repo, _ => Task.FromResult(DeployerObservation.NotConfigured), TimeProvider.System, NullLogger.Instance, new TransitionerMetrics(Prometheus.Metrics.NewCustomRegistry()));

        // The daemon keeps its model between rounds; a plan round (no commit) warms it like the round before a new version would.
        await runner.RunRoundAsync(commit: false, null, cancellationToken);
        var watch = Stopwatch.StartNew();
        var result = await runner.RunRoundAsync(commit: true, null, cancellationToken);
        watch.Stop();
        var outcome = result.Outcomes.Single();
        if (outcome.Decision is not TransitionDecision.Promote { Moves.Count: Resources } || outcome.Commit is null)
        {
            throw new InvalidOperationException($"expected a promotion of {Resources} resources, got {outcome.Decision.Result}: {outcome.Message}");
        }

        var changed = PlainGit.Lines(remote.GitDirectory, "diff", "--name-only", "main~1", "main").Count;
        output.WriteLine($"promotion of {Resources:N0} resources (decide + commit + push, {changed:N0} files changed): {watch.ElapsedMilliseconds} ms (target ≤ 2000 ms)");
    }

    private static async Task IdleRoundAsync(TempDirectory dir, TextWriter output, CancellationToken cancellationToken)
    {
        var transitions = new StringBuilder("transitions:\n");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var t = 0; t < IdleTransitions; t++)
        {
            var source = string.Create(CultureInfo.InvariantCulture, $"env{t}");
            var target = string.Create(CultureInfo.InvariantCulture, $"env{t + 1}");
            transitions.Append(CultureInfo.InvariantCulture, $"  t{t}:\n    source: {source}\n    target: {target}\n    preconditions: [SourceClean]\n");
        }

        for (var e = 0; e <= IdleTransitions; e++)
        {
            for (var i = 0; i < 50; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"service-{i:D2}");
                files[$"env{e}/base/{name}.yaml"] = Base(name);
                files[$"env{e}/version/{name}.yaml"] = $"version: \"1.0.{i}\"\n";
            }
        }

        files["transitions.yaml"] = transitions.ToString();
        var remote = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("v1", "Seed", null, files)]), dir.Sub("idle.git"), cancellationToken);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, dir.Sub("idle-mirror.git")), cancellationToken);
        using var runner = new TransitionRunner(repo, _ => Task.FromResult(DeployerObservation.NotConfigured), TimeProvider.System, NullLogger.Instance, new TransitionerMetrics(Prometheus.Metrics.NewCustomRegistry()));
        var head = PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim();

        await runner.RunRoundAsync(commit: true, null, cancellationToken);
        var times = new List<double>();
        for (var r = 0; r < IdleRounds; r++)
        {
            var watch = Stopwatch.StartNew();
            var result = await runner.RunRoundAsync(commit: true, null, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (result.Outcomes.Count != IdleTransitions || result.Outcomes.Any(o => o.Decision is not TransitionDecision.NoChange))
            {
                throw new InvalidOperationException("expected every transition to have nothing to do");
            }
        }

        var after = PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim();
        times.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle round over {IdleTransitions} transitions (incl. fetch): median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms (target ≤ 50 ms); git writes: {(head == after ? "none" : "UNEXPECTED")}"));
    }

    private static string Base(string name) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/{name}:$version\n";
}
