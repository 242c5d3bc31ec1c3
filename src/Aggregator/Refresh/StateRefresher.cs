using Dm.Aggregator.Events;
using Dm.Aggregator.History;
using Dm.Aggregator.Notifications;
using Dm.Aggregator.Repo;
using Dm.Aggregator.State;
using Dm.Git;
using Dm.Hosting;
using Dm.ResourceRepo;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Dm.Aggregator.Refresh;

/// <summary>
/// One refresh round: fetch the repo when asked (else look at the mirror's head), read what changed into the model
/// and the history index, read the daemons' status, rebuild the served state and publish what changed as small
/// deltas to the event stream, and queue the notifications it implies.
/// </summary>
public sealed class StateRefresher : IDisposable
{
    private readonly RepoMirror _mirror;
    private readonly RepoModels _models;
    private readonly HistoryIndex _history;
    private readonly StatusReader _statusReader;
    private readonly CurrentState _current;
    private readonly EventHub _events;
    private readonly NotificationHub _notifications;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<StateRefresher> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Counter _refreshes;
    private readonly Gauge _historySize;
    private ResourceRepoModel? _model;
    private StatusReports _reports = StatusReports.None;
    private RolloutDurations _rollouts = RolloutDurations.Empty;
    private int _historyPublished;

    public StateRefresher(
        RepoMirror mirror,
        RepoModels models,
        HistoryIndex history,
        StatusReader statusReader,
        CurrentState current,
        EventHub events,
        NotificationHub notifications,
        DaemonReadiness readiness,
        TimeProvider time,
        CollectorRegistry metrics,
        ILogger<StateRefresher> logger)
    {
        _mirror = mirror;
        _models = models;
        _history = history;
        _statusReader = statusReader;
        _current = current;
        _events = events;
        _notifications = notifications;
        _readiness = readiness;
        _time = time;
        _logger = logger;
        var factory = Metrics.WithCustomRegistry(metrics);
        _refreshes = factory.CreateCounter("dm_aggregator_refreshes_total", "Refresh rounds of the aggregator by outcome.", "outcome");
        _historySize = factory.CreateGauge("dm_aggregator_history_events", "Commits in the history index.");
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>One round; a failed fetch or read is logged and the last state kept.</summary>
    public async Task RefreshAsync(bool fetch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            {
                // Without a fetch the mirror's own ref still counts: this process's commits move it.
                var repository = _mirror.Repository;
                var head = fetch || _model is null
                    ? await repository.FetchAsync(cancellationToken)
                    : await repository.ResolveAsync(repository.BranchRef, cancellationToken);
                if (head != _model?.Revision)
                {
                    var model = await _models.ModelAtAsync(head, cancellationToken);
                    await _history.UpdateAsync(repository, head, cancellationToken);
                    _model = model;
                    _historySize.Set(_history.Count);
                }
            }

            _reports = await _statusReader.ReadAsync(cancellationToken);
            _rollouts = _rollouts.Record(_reports.Deployer);
            _current.SetTransitioner(_reports.Transitioner, _reports.TransitionerAvailability);
            var state = StateBuilder.Build(
                _model!, _reports.Deployer, _reports.DeployerAvailability, _reports.Transitioner, _reports.TransitionerAvailability, _time.GetUtcNow(), _rollouts, _reports.Deployers);
            foreach (var (type, data) in StateDiff.Compute(_current.Last, state))
            {
                _events.Publish(type, data);
            }

            // History events not yet published, whoever indexed them (this loop or a writer); the first round publishes none.
            var (history, next) = _history.Since(_historyPublished);
            if (_historyPublished > 0)
            {
                foreach (var e in history.Count > 100 ? history.Skip(history.Count - 100) : history)
                {
                    _events.Publish(EventTypes.History, e);
                }
            }

            _historyPublished = next;

            // Notifications are queued, never sent here: a receiver that hangs holds up nothing else.
            _notifications.Observe(_model!, _history, _reports.Deployer, _reports.Transitioner);

            _current.SetState(state);
            _readiness.MarkReady();
            _refreshes.WithLabels("ok").Inc();
        }
        catch (Exception ex) when (ex is GitCommandException or IOException)
        {
            _refreshes.WithLabels("failed").Inc();
            _logger.LogWarning(ex, "Refresh of the resource repo failed; keeping the last state");
        }
        finally
        {
            _gate.Release();
        }
    }
}
