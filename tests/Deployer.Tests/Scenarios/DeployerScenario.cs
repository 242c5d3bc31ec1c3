using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.Deployer.Hosting;
using Dm.Git;
using Dm.GitFixture;
using Dm.Hosting;
using Dm.Status;
using Dm.TestSupport;
using Microsoft.Extensions.Logging;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Deployer.Tests.Scenarios;

/// <summary>
/// A deployer against real parts: a bare resource repo made by GitFixture, one or more ClusterSimulators on loopback
/// ports (contexts <c>sim</c>, <c>sim2</c>, ...), and a <see cref="DaemonHost"/> on its own port. Time is real but
/// scaled: the simulators roll out fast and the deployer retries after milliseconds.
/// </summary>
internal sealed class DeployerScenario : IAsyncDisposable
{
    public const string FieldManager = "dm-deployer";

    private readonly TempDirectory _dir;
    private readonly GitRepository _writer;
    private readonly Func<string, Action<DeployerOptions>?, Task<DaemonHost>> _startHost;

    private DeployerScenario(TempDirectory dir, IReadOnlyList<Simulator> simulators, FixtureRepository repo, GitRepository writer, Func<string, Action<DeployerOptions>?, Task<DaemonHost>> startHost, DaemonHost host, string kubeconfig)
    {
        _dir = dir;
        Simulators = simulators;
        Repo = repo;
        _writer = writer;
        _startHost = startHost;
        Host = host;
        Kubeconfig = kubeconfig;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public IReadOnlyList<Simulator> Simulators { get; }

    public Simulator Sim => Simulators[0];

    public FixtureRepository Repo { get; }

    public DaemonHost Host { get; private set; }

    public HttpClient Http { get; private set; }

    public string Kubeconfig { get; }

    public string Directory => _dir.Path;

    public static async Task<DeployerScenario> StartAsync(
        IReadOnlyDictionary<string, string> files,
        Action<DeployerOptions>? configure = null,
        int clusters = 1,
        Func<SimulatorOptions, SimulatorOptions>? simulatorOptions = null,
        Func<TempDirectory, IReadOnlyList<Simulator>, string>? writeKubeconfig = null,
        CancellationToken cancellationToken = default)
    {
        var dir = new TempDirectory();
        var simulators = new List<Simulator>();
        for (var i = 0; i < clusters; i++)
        {
            var settings = new SimulatorOptions { RolloutSpeed = 50, ClusterName = $"sim{i + 1}" };
            simulators.Add(await Simulator.StartAsync(simulatorOptions?.Invoke(settings) ?? settings, cancellationToken));
        }

        var kubeconfig = dir.Sub("kubeconfig");
        if (writeKubeconfig is not null)
        {
            kubeconfig = writeKubeconfig(dir, simulators);
        }
        else
        {
            KubeconfigWriter.Write(kubeconfig, [.. simulators.Select((s, i) => new KubeconfigContext(i == 0 ? "sim" : $"sim{i + 1}", s))]);
        }

        var template = new FixtureTemplate([new FixtureCommit("init", "Initial repo", null, files)]);
        var repo = await FixtureRepository.CreateAsync(template, dir.Sub("repo.git"), cancellationToken);
        var writer = await GitRepository.OpenAsync(new GitRepositoryOptions(repo.GitDirectory, dir.Sub("writer.git")), cancellationToken);
        Task<DaemonHost> StartHost(string checkout, Action<DeployerOptions>? replica) => DeployerHost.StartAsync(
            o =>
            {
                o.RepoUrl = repo.GitDirectory;
                o.CheckoutPath = dir.Sub(checkout);
                o.Kubeconfig = kubeconfig;
                o.PollInterval = TimeSpan.FromMinutes(10);
                o.HealthCheckInterval = TimeSpan.FromMilliseconds(50);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(400);
                o.ClusterRequestAttempts = 2;
                o.ClusterRetryMaxDelay = TimeSpan.FromMilliseconds(50);
                o.ClusterRequestTimeout = TimeSpan.FromSeconds(5);
                configure?.Invoke(o);
                replica?.Invoke(o);
            },
            port: 0,
            cancellationToken,
            logging: Environment.GetEnvironmentVariable("DM_TEST_LOG") is { Length: > 0 } logFile
                ? (Action<Microsoft.Extensions.Logging.ILoggingBuilder>)(b => b.AddProvider(new FileLoggerProvider(logFile)).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug))
                : null);
        var host = await StartHost("deployer.git", null);
        return new DeployerScenario(dir, simulators, repo, writer, StartHost, host, kubeconfig);
    }

    /// <summary>Commits file changes (null content deletes) to the resource repo; returns the commit id.</summary>
    public async Task<string> CommitAsync(string message, params (string Path, string? Content)[] changes)
    {
        var result = await _writer.CommitAsync(
            new CommitRequest(message, new GitIdentity("Test", "test@localhost")),
            [.. changes.Select(c => c.Content is null ? (FileChange)new FileChange.Delete(c.Path) : new FileChange.Put(c.Path, c.Content))],
            CancellationToken.None);
        return Assert.IsType<CommitResult.Committed>(result).CommitId;
    }

    /// <summary>A second deployer on its own checkout with the scenario's options, then <paramref name="configure"/>; the caller disposes it.</summary>
    public Task<DaemonHost> StartReplicaAsync(string checkout, Action<DeployerOptions> configure) => _startHost(checkout, configure);

    /// <summary>Stops the deployer and starts a new one on the same checkout, clusters and options: what it knows after a restart.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Host = await _startHost("deployer.git", null);
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    public async Task RefreshAsync()
    {
        using var response = await Http.PostAsync(new Uri("api/refresh", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<DeployerStatusReport> StatusAsync() =>
        (await Http.GetFromJsonAsync<DeployerStatusReport>(new Uri("api/status", UriKind.Relative), DmJson.Options))!;

    /// <summary>Waits until the environment's reported status satisfies <paramref name="condition"/>.</summary>
    public async Task<EnvironmentDeployStatus> WaitForAsync(string environment, Func<EnvironmentDeployStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            var report = await Eventually.ReturnsAsync(
                StatusAsync,
                r => r.Environments.TryGetValue(environment, out var e) && condition(e),
                $"{environment} {what}",
                timeout ?? TimeSpan.FromSeconds(15));
            return report.Environments[environment];
        }
        catch (TimeoutException ex)
        {
            var last = System.Text.Json.JsonSerializer.Serialize(await StatusAsync(), DmJson.Options);
            throw new TimeoutException($"{ex.Message}; last status: {last}", ex);
        }
    }

    public Task<EnvironmentDeployStatus> WaitForStateAsync(string environment, EnvironmentState state, string? revision = null) =>
        WaitForAsync(environment, e => e.State == state && (revision is null || e.Revision == revision), $"is {state}{(revision is null ? string.Empty : " at " + revision)}");

    /// <summary>Writes (not dry runs; deletes carry no field manager, and only the deployer deletes) the deployer sent to a simulator since <paramref name="from"/> (a log index).</summary>
    public static IReadOnlyList<RequestLogEntry> Writes(Simulator sim, int from = 0) =>
        [.. sim.RequestLog.Snapshot().Skip(from).Where(e => e.IsWrite && !e.IsDryRun && (e.FieldManager == FieldManager || e.Method == "DELETE"))];

    /// <summary>Reads a live object from a simulator (null when absent).</summary>
    public static async Task<JsonObject?> GetAsync(Simulator sim, string path)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        using var response = await http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    /// <summary>Changes a live object as a person would (merge patch, field manager <c>kubectl-edit</c>).</summary>
    public static async Task PatchAsync(Simulator sim, string path, string mergePatch)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        using var content = new StringContent(mergePatch, System.Text.Encoding.UTF8, "application/merge-patch+json");
        using var response = await http.PatchAsync(new Uri(path.TrimStart('/') + "?fieldManager=kubectl-edit", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await _writer.DisposeAsync();
        foreach (var sim in Simulators)
        {
            await sim.DisposeAsync();
        }

        _dir.Dispose();
    }
}
