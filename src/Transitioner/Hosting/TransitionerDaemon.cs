using Dm.Git;
using Dm.Hosting;
using Dm.Hosting.Election;
using Dm.Status;
using Dm.Transitioner.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Transitioner.Hosting;

/// <summary>
/// One transitioner: its options, refresh signal, readiness, metrics, status and (once opened) the repository and
/// runner. No static state, so several can live in one process.
/// </summary>
public sealed class TransitionerDaemon : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private GitRepository? _repository;
    private TransitionRunner? _runner;

    public TransitionerDaemon(IOptions<TransitionerOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, Leadership leadership)
    {
        Leadership = leadership;
        Options = options.Value;
        TimeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TransitionerDaemon>();
        _http = new HttpClient { Timeout = Options.DeployerTimeout };
        Metrics = new TransitionerMetrics(DaemonMetrics.NewRegistry());
        Status = new TransitionerStatusStore(timeProvider);
    }

    public TransitionerOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public RefreshSignal Refresh { get; } = new();

    public DaemonReadiness Readiness { get; } = new();

    public TransitionerMetrics Metrics { get; }

    public TransitionerStatusStore Status { get; }

    /// <summary>Whether this replica may run rounds (always, without leader election).</summary>
    public Leadership Leadership { get; }

    public DaemonEndpointContext EndpointContext => new(Refresh, Readiness, Metrics.Registry, Options.Branch, Options.WebhookSecret, Leadership);

    /// <summary>Opens (or reuses) the mirror and the runner.</summary>
    public async Task<TransitionRunner> OpenAsync(CancellationToken cancellationToken)
    {
        if (_runner is not null)
        {
            return _runner;
        }

        _repository = await GitRepository.OpenAsync(
            // Each round fetches first, so a promotion's commit starts from the mirror's ref (no second fetch); a push the
            // branch moved under is rejected, fetched and decided again.
            new GitRepositoryOptions(Options.RepoUrl, Options.CheckoutPath) { Branch = Options.Branch, Committer = TransitionRunner.Author, FetchBeforeCommit = false },
            _loggerFactory.CreateLogger<GitRepository>(),
            TimeProvider,
            null,
            cancellationToken);
        _runner = new TransitionRunner(_repository, ReadDeployerAsync, TimeProvider, _loggerFactory.CreateLogger<TransitionRunner>(), Metrics, Notify);
        return _runner;
    }

    /// <summary>Runs one round and publishes its status.</summary>
    public async Task<RoundResult> RunRoundAsync(bool commit, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var runner = await OpenAsync(cancellationToken);
        var result = await runner.RunRoundAsync(commit, at, cancellationToken);
        if (commit)
        {
            Status.Publish(result.Outcomes, result.Revision);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _runner?.Dispose();
        if (_repository is not null)
        {
            await _repository.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task<DeployerObservation> ReadDeployerAsync(CancellationToken cancellationToken)
    {
        var urls = Options.AllDeployerUrls;
        if (urls.Count == 0)
        {
            return DeployerObservation.NotConfigured;
        }

        try
        {
            var reading = await new StatusClient(_http).GetDeployerStatusAsync([.. urls.Select(TransitionerOptions.BaseUri)], cancellationToken);
            foreach (var failure in reading.Failures)
            {
                _logger.LogWarning("A deployer's status cannot be read: {Error}", failure);
            }

            return new DeployerObservation(reading.Report, reading.Failures.Count == 0 ? null : string.Join("; ", reading.Failures));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The deployer's status cannot be read: {Error}", ex.Message);
            return new DeployerObservation(null, urls.Count == 1 ? $"GET {urls[0]}/api/status failed: {ex.Message}" : ex.Message);
        }
    }

    /// <summary>Tells the other daemons to refresh now (fire-and-forget; failures are logged).</summary>
    private void Notify(string commitId) =>
        new RefreshNotifier(_http, _logger).Notify(Options.NotifyUrls.Select(TransitionerOptions.BaseUri), commitId);
}
