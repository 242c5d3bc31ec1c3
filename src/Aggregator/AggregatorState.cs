using Dm.Aggregator.Events;
using Dm.Aggregator.History;
using Dm.Aggregator.Notifications;
using Dm.Aggregator.State;
using Dm.Git;
using Dm.Hosting;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Dm.Aggregator;

/// <summary>
/// What the aggregator knows: its mirror of the resource repo and the model at the head, the deployer's and
/// transitioner's latest reports, the history index, and the state served by <c>GET /api/state</c> (rebuilt when any
/// of these change, never per request). Changes are published to <see cref="Events"/> as small deltas.
/// </summary>
public sealed class AggregatorState : IAsyncDisposable
{
    private readonly AggregatorOptions _options;
    private readonly StatusClient _statusClient;
    private readonly TimeProvider _time;
    private readonly ILogger<AggregatorState> _logger;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Counter _refreshes;
    private readonly Gauge _historySize;
    private readonly NotificationHub _notifications;
    private GitRepository? _repository;
    private ResourceRepoModel? _model;
    private ResourceRepoModel? _lastRead;
    private PendingRead? _reading;
    private int _historyPublished;
    private StateResponse? _state;
    private DeployerStatusReport? _deployer;
    private RolloutDurations _rollouts = RolloutDurations.Empty;
    private TransitionerStatusReport? _transitioner;
    private SourceAvailability _deployerAvailability = SourceAvailability.NotConfigured;
    private SourceAvailability _transitionerAvailability = SourceAvailability.NotConfigured;

    public AggregatorState(
        IOptions<AggregatorOptions> options,
        StatusClient statusClient,
        TimeProvider time,
        CollectorRegistry metrics,
        DaemonReadiness readiness,
        RefreshSignal signal,
        NotificationHub notifications,
        ILogger<AggregatorState> logger)
    {
        _notifications = notifications;
        Signal = signal;
        _options = options.Value;
        _statusClient = statusClient;
        _time = time;
        _logger = logger;
        Readiness = readiness;
        Events = new EventHub(_options.EventBufferSize);
        History = new HistoryIndex(
            string.IsNullOrEmpty(_options.CheckoutPath) ? null : new HistoryStore(Path.Combine(Path.GetFullPath(_options.CheckoutPath), HistoryFileName)),
            logger);
        var factory = Metrics.WithCustomRegistry(metrics);
        _refreshes = factory.CreateCounter("dm_aggregator_refreshes_total", "Refresh rounds of the aggregator by outcome.", "outcome");
        _historySize = factory.CreateGauge("dm_aggregator_history_events", "Commits in the history index.");
    }

    public ResourceRepoReader Reader { get; } = new();

    public RefreshSignal Signal { get; }

    /// <summary>The file the history index is kept in, inside the mirror's git directory (git ignores it).</summary>
    public const string HistoryFileName = "dm-history-index.jsonl";

    public HistoryIndex History { get; }

    public EventHub Events { get; }

    public DaemonReadiness Readiness { get; }

    public GitRepository Repository => _repository ?? throw new RepoUnavailableException(
        $"The resource repo is not available yet: {Readiness.NotReadyReason ?? "opening"}.");

    public ResourceRepoModel Model => Volatile.Read(ref _model) ?? throw new RepoUnavailableException(
        $"The resource repo has not been read yet: {Readiness.NotReadyReason ?? "opening"}.");

    public StateResponse State => Volatile.Read(ref _state) ?? throw new RepoUnavailableException(
        $"The resource repo has not been read yet: {Readiness.NotReadyReason ?? "opening"}.");

    public TransitionerStatusReport? Transitioner => Volatile.Read(ref _transitioner);

    public SourceAvailability TransitionerAvailability => Volatile.Read(ref _transitionerAvailability);

    /// <summary>The model at <paramref name="revision"/>: the last one read (or being read) when it is that revision, else read now (and remembered).</summary>
    public async Task<ResourceRepoModel> ModelAtAsync(string revision, CancellationToken cancellationToken) =>
        await RememberedAsync(revision) ?? Read(await Repository.ReadSnapshotAsync(revision, cancellationToken));

    /// <summary>The model of <paramref name="snapshot"/>: the last one read (or being read) when it is that revision, else read now (and remembered).</summary>
    public async Task<ResourceRepoModel> ModelOfAsync(RepoSnapshot snapshot) =>
        await RememberedAsync(snapshot.Revision) ?? Read(snapshot);

    /// <summary>
    /// Starts reading the model of a revision this process just wrote, in the background: the writer answers its
    /// requests and takes the next ones meanwhile, and the next plan (and the refresh) find it without reading git.
    /// </summary>
    public void RememberInBackground(RepoSnapshot snapshot) =>
        Volatile.Write(ref _reading, new PendingRead(snapshot.Revision, Task.Run(() => Read(snapshot))));

    private async Task<ResourceRepoModel?> RememberedAsync(string revision)
    {
        if (Volatile.Read(ref _lastRead) is { } last && last.Revision == revision)
        {
            return last;
        }

        if (Volatile.Read(ref _reading) is { } reading && reading.Revision == revision)
        {
            try
            {
                return await reading.Model;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Reading the model of {Revision} in the background failed; reading it again", revision);
            }
        }

        return null;
    }

    private ResourceRepoModel Read(RepoSnapshot snapshot)
    {
        var model = Reader.Read(snapshot);
        Volatile.Write(ref _lastRead, model);
        return model;
    }

    /// <summary>Wakes the refresh loop to fetch the repo now.</summary>
    public void RequestRefresh(string reason) => Signal.Request(reason);

    /// <summary>Opens the mirror (once); false with the reason in readiness when the remote cannot be reached.</summary>
    public async Task<bool> TryOpenAsync(CancellationToken cancellationToken)
    {
        if (_repository is not null)
        {
            return true;
        }

        try
        {
            var options = new GitRepositoryOptions(_options.RepoUrl, _options.CheckoutPath)
            {
                Branch = _options.Branch,
                Committer = new GitIdentity("DM Aggregator", "dm-aggregator@localhost"),

                // The aggregator is the branch's main writer and fetches on every refresh: commit on the mirror's head.
                FetchBeforeCommit = false,
            };
            _repository = await GitRepository.OpenAsync(options, _logger, _time, null, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is GitCommandException or IOException or InvalidOperationException or ArgumentException)
        {
            _logger.LogError(ex, "Cannot open the resource repo {Branch}; retrying", _options.Branch);
            Readiness.MarkNotReady("cannot open the resource repo: " + ex.Message);
            return false;
        }
    }

    /// <summary>One round: fetch the repo when asked (else look at the mirror's head), read what changed, read the daemons' status, publish what changed.</summary>
    public async Task RefreshAsync(bool fetch, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            {
                // Without a fetch the mirror's own ref still counts: this process's commits move it.
                var repository = Repository;
                var head = fetch || _model is null
                    ? await repository.FetchAsync(cancellationToken)
                    : await repository.ResolveAsync(repository.BranchRef, cancellationToken);
                if (head != _model?.Revision)
                {
                    var model = await ModelAtAsync(head, cancellationToken);
                    await History.UpdateAsync(repository, head, cancellationToken);
                    Volatile.Write(ref _model, model);
                    _historySize.Set(History.Count);
                }
            }

            await ReadStatusAsync(cancellationToken);
            var state = StateBuilder.Build(_model!, _deployer, _deployerAvailability, _transitioner, _transitionerAvailability, _time.GetUtcNow(), _rollouts);
            foreach (var (type, data) in StateDiff.Compute(_state, state))
            {
                Events.Publish(type, data);
            }

            // History events not yet published, whoever indexed them (this loop or a writer); the first round publishes none.
            var (history, next) = History.Since(_historyPublished);
            if (_historyPublished > 0)
            {
                foreach (var e in history.Count > 100 ? history.Skip(history.Count - 100) : history)
                {
                    Events.Publish(EventTypes.History, e);
                }
            }

            _historyPublished = next;

            // Notifications are queued, never sent here: a receiver that hangs holds up nothing else.
            _notifications.Observe(_model!, History, _deployer, Volatile.Read(ref _transitioner));

            Volatile.Write(ref _state, state);
            Readiness.MarkReady();
            _refreshes.WithLabels("ok").Inc();
        }
        catch (Exception ex) when (ex is GitCommandException or IOException)
        {
            _refreshes.WithLabels("failed").Inc();
            _logger.LogWarning(ex, "Refresh of the resource repo failed; keeping the last state");
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private sealed record PendingRead(string Revision, Task<ResourceRepoModel> Model);

    public async ValueTask DisposeAsync()
    {
        if (_repository is not null)
        {
            await _repository.DisposeAsync();
        }

        _refreshGate.Dispose();
        History.Dispose();
    }

    private async Task ReadStatusAsync(CancellationToken cancellationToken)
    {
        var deployerTask = ReadAsync(_options.DeployerUrl, (url, ct) => _statusClient.GetDeployerStatusAsync(url, ct), "deployer", cancellationToken);
        var transitionerTask = ReadAsync(_options.TransitionerUrl, (url, ct) => _statusClient.GetTransitionerStatusAsync(url, ct), "transitioner", cancellationToken);
        var (deployer, deployerAvailability) = await deployerTask;
        var (transitioner, transitionerAvailability) = await transitionerTask;
        _deployer = deployer;
        _deployerAvailability = deployerAvailability;
        _rollouts = _rollouts.Record(deployer);
        Volatile.Write(ref _transitioner, transitioner);
        Volatile.Write(ref _transitionerAvailability, transitionerAvailability);
    }

    private async Task<(T? Report, SourceAvailability Availability)> ReadAsync<T>(
        Uri? url, Func<Uri, CancellationToken, Task<T>> read, string daemon, CancellationToken cancellationToken)
        where T : class
    {
        if (url is null)
        {
            return (null, SourceAvailability.NotConfigured);
        }

        var now = _time.GetUtcNow();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return (await read(url, timeout.Token), new SourceAvailability(true, true, null, now));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The {Daemon} status at {Url} is unavailable: {Message}", daemon, url, ex.Message);
            return (null, new SourceAvailability(true, false, $"{daemon} status unavailable: {ex.Message}", now));
        }
    }
}
