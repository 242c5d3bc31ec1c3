using Dm.Git;
using Dm.GitFixture;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.TestSupport;
using Dm.Transitioner.Execution;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dm.Transitioner.Tests;

/// <summary>
/// A resource repo (bare, made by GitFixture), a second writer (a person or the aggregator), a manual clock, an optional
/// deployer stub, and the transitioner's runner on its own mirror.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly List<TransitionRunner> _runners = [];
    private readonly List<GitRepository> _repositories = [];
    private int _mirrors;

    private Scenario()
    {
    }

    public FixtureRepository Fixture { get; private set; } = null!;

    public GitRepository Writer { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(Start);

    public DeployerStub? Deployer { get; private set; }

    public TransitionRunner Runner { get; private set; } = null!;

    /// <summary>Replaces how the runner reads the deployer (tests use it to race a commit in between).</summary>
    public Func<CancellationToken, Task<DeployerObservation>>? ReadDeployer { get; set; }

    public string GitDirectory => Fixture.GitDirectory;

    public static async Task<Scenario> CreateAsync(IReadOnlyDictionary<string, string> files, bool deployer = false)
    {
        var scenario = new Scenario();
        scenario.Fixture = await FixtureRepository.CreateAsync(
            new FixtureTemplate([new FixtureCommit("init", "Initial repo", null, files)]), scenario._dir.Sub("repo.git"), CancellationToken.None);
        scenario.Writer = await scenario.OpenAsync();
        if (deployer)
        {
            scenario.Deployer = await DeployerStub.StartAsync();
        }

        scenario.Runner = await scenario.NewRunnerAsync();
        return scenario;
    }

    /// <summary>A fresh runner on a fresh mirror: a restart of the daemon.</summary>
    public async Task<TransitionRunner> NewRunnerAsync()
    {
        var repository = await OpenAsync();
        var runner = new TransitionRunner(repository, ReadDeployerAsync, Clock, NullLogger.Instance, new TransitionerMetrics(Prometheus.Metrics.NewCustomRegistry()));
        _runners.Add(runner);
        Runner = runner;
        return runner;
    }

    public Task<RoundResult> RoundAsync() => Runner.RunRoundAsync(commit: true, at: null, CancellationToken.None);

    public async Task<TransitionOutcome> RoundAsync(string transition) =>
        (await RoundAsync()).Outcomes.Single(o => o.Name == transition);

    /// <summary>Commits as a person; a null content deletes the file.</summary>
    public async Task<string> CommitAsync(string message, params (string Path, string? Content)[] files)
    {
        var result = await Writer.CommitAsync(
            new CommitRequest(message, new GitIdentity("Alice", "alice@example.com")),
            [.. files.Select(f => f.Content is null ? (FileChange)new FileChange.Delete(f.Path) : new FileChange.Put(f.Path, f.Content))],
            CancellationToken.None);
        return ((CommitResult.Committed)result).CommitId;
    }

    public string Head => Git("rev-parse", "main").Trim();

    public int CommitCount => int.Parse(Git("rev-list", "--count", "main").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public string Show(string path) => Git("show", "main:" + path);

    public bool Exists(string path) => PlainGit.TryRun(GitDirectory, "cat-file", "-e", "main:" + path).ExitCode == 0;

    public string LastMessage => Git("log", "-1", "--format=%B", "main");

    public string Git(params string[] arguments) => PlainGit.Run(GitDirectory, arguments);

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }

        foreach (var repository in _repositories)
        {
            await repository.DisposeAsync();
        }

        if (Deployer is not null)
        {
            await Deployer.DisposeAsync();
        }

        _dir.Dispose();
    }

    // Repo content helpers.
    public static string Version(string version) => VersionFile.Write(version, new Dictionary<string, string>());

    public static string Base(string resource) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {resource}
        data:
          version: $version

        """;

    /// <summary>The base and version file of <paramref name="resource"/> in <paramref name="environment"/> (version file under <paramref name="folder"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Resource(string environment, string resource, string version, string folder = "") =>
    [
        new($"{environment}/base/{folder}{resource}.yaml", Base(resource)),
        new($"{environment}/version/{folder}{resource}.yaml", Version(version)),
    ];

    public static Dictionary<string, string> Files(string transitions, params IEnumerable<KeyValuePair<string, string>>[] parts)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["transitions.yaml"] = transitions };
        foreach (var part in parts)
        {
            foreach (var (path, content) in part)
            {
                files[path] = content;
            }
        }

        return files;
    }

    public static IEnumerable<KeyValuePair<string, string>> File(string path, string content) => [new(path, content)];

    private async Task<GitRepository> OpenAsync()
    {
        var repository = await GitRepository.OpenAsync(
            new GitRepositoryOptions(Fixture.GitDirectory, _dir.Sub($"mirror{_mirrors++}.git")) { RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
            CancellationToken.None);
        _repositories.Add(repository);
        return repository;
    }

    private async Task<DeployerObservation> ReadDeployerAsync(CancellationToken cancellationToken)
    {
        if (ReadDeployer is not null)
        {
            return await ReadDeployer(cancellationToken);
        }

        if (Deployer is null)
        {
            return DeployerObservation.NotConfigured;
        }

        using var http = new HttpClient();
        try
        {
            return new DeployerObservation(await new StatusClient(http).GetDeployerStatusAsync(Deployer.BaseAddress, cancellationToken), null);
        }
        catch (HttpRequestException ex)
        {
            return new DeployerObservation(null, ex.Message);
        }
    }
}
