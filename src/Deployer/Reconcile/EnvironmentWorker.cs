using System.Diagnostics;
using Dm.Deployer.Status;
using Dm.Domain;
using Dm.Hosting;
using Dm.Hosting.Election;
using Dm.Status;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// The loop of one environment, independent of the others (a slow or unreachable cluster delays only its own
/// environments): waits for a wake-up (new revision, refresh, poll), its retry backoff or its health re-check, then
/// runs a round. Nothing thrown in a round stops the loop. With leader election it runs rounds only while this replica
/// holds the environment's Lease; otherwise it reports the environment as <c>Unknown</c> / <c>NotLeader</c>.
/// </summary>
internal sealed class EnvironmentWorker : IAsyncDisposable
{
    private readonly string _name;
    private readonly EnvironmentReconciler _reconciler;
    private readonly DeployerStatusStore _store;
    private readonly DeployerMetrics _metrics;
    private readonly DeployerOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly Leadership _leadership;
    private readonly RefreshSignal _signal = new();
    private readonly Lock _publish = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private volatile EnvironmentAssignment _assignment;

    public EnvironmentWorker(
        EnvironmentAssignment assignment,
        EnvironmentReconciler reconciler,
        DeployerStatusStore store,
        DeployerMetrics metrics,
        DeployerOptions options,
        TimeProvider time,
        Random random,
        ILogger logger,
        Leadership leadership,
        CancellationToken stopping)
    {
        _leadership = leadership;
        _leadership.Changed += OnLeadershipChanged;
        _name = assignment.Environment.Name;
        _assignment = assignment;
        _reconciler = reconciler;
        _store = store;
        _metrics = metrics;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _signal.Request("start");
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Rounds completed so far (for tests and benchmarks).</summary>
    public long Rounds { get; private set; }

    /// <summary>
    /// Gives the worker a revision and target. The same revision again (poll, refresh) wakes it for a full round (drift
    /// check included). A new revision that leaves this environment's content and target as they were needs no round:
    /// the environment is what it was, only its reported revision moves.
    /// </summary>
    public void Assign(EnvironmentAssignment assignment)
    {
        lock (_publish)
        {
            var previous = _assignment;
            _assignment = assignment;
            if (previous.Revision != assignment.Revision && SameContent(previous, assignment) && _store.Get(_name) is { } status
                && status.Revision == previous.Revision && status.State != EnvironmentState.Outdated)
            {
                _store.Set(_name, Retag(status, assignment.Revision));
                return;
            }
        }

        _signal.Request("assign");
    }

    /// <summary>Whether two assignments deploy the same objects to the same target.</summary>
    internal static bool SameContent(EnvironmentAssignment a, EnvironmentAssignment b) =>
        a.Target == b.Target
        && a.Environment.Resources.Count == b.Environment.Resources.Count
        && a.Environment.Resources.Zip(b.Environment.Resources).All(p =>
            ReferenceEquals(p.First, p.Second)
            || (p.First.Name == p.Second.Name && p.First.Version == p.Second.Version && p.First.Fingerprint == p.Second.Fingerprint));

    private static EnvironmentDeployStatus Retag(EnvironmentDeployStatus status, string revision) => status with
    {
        Revision = revision,
        HealthyRevision = status.State == EnvironmentState.Clean ? revision : status.HealthyRevision,
    };

    public void Wake(string reason) => _signal.Request(reason);

    public async ValueTask DisposeAsync()
    {
        _leadership.Changed -= OnLeadershipChanged;
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
        _reconciler.Forget(_name);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var wait = Timeout.InfiniteTimeSpan;
        while (!cancellationToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(wait, _time, cancellationToken);
            var assignment = _assignment;
            if (!_leadership.IsLeader)
            {
                // Another replica holds this environment: no apply, prune or drift correction here. Look again every
                // retry period, and at once when this replica starts leading.
                PublishStandby(assignment);
                failures = 0;
                wait = _options.LeaderElection.RetryPeriod;
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            EnvironmentRound round;
            try
            {
                round = await _reconciler.ReconcileAsync(assignment.Revision, assignment.Environment, assignment.Target, _store.Get(_name), Wake, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a defect in one round must not stop the environment's loop; it is reported and retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                DeployerLog.RoundCrashed(_logger, ex, _name);
                var previous = _store.Get(_name);
                var status = EnvironmentStatusBuilder.Unreachable(assignment.Revision, previous, Reasons.ApplyFailed, $"reconcile failed unexpectedly: {ex.Message}", _time.GetUtcNow());
                round = new EnvironmentRound(status with { State = EnvironmentState.Failed }, RetryWanted: true, 0, 0, 0, EnvironmentRound.OneError(Reasons.ApplyFailed));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return; // removed from deployers.yaml while the round ran: its status must not come back
            }

            lock (_publish)
            {
                var latest = _assignment;
                var status = latest.Revision != assignment.Revision && SameContent(assignment, latest) ? Retag(round.Status, latest.Revision) : round.Status;
                _store.Set(_name, status);
            }

            _metrics.Report(round, _name, Stopwatch.GetElapsedTime(started));
            Rounds++;
            // Refused applies and unreachable clusters retry with backoff; rollouts in progress are followed closely; a
            // failed rollout is re-assessed with backoff (it may still finish); Clean waits for the next wake-up.
            if (round.RetryWanted || round.Status.State is EnvironmentState.Failed or EnvironmentState.Unknown)
            {
                failures++;
                wait = Backoff(failures);
            }
            else
            {
                failures = 0;
                wait = round.Status.State is EnvironmentState.Progressing or EnvironmentState.Outdated ? _options.HealthCheckInterval : Timeout.InfiniteTimeSpan;
            }
        }
    }

    private void OnLeadershipChanged(bool leads)
    {
        if (leads)
        {
            _signal.Request("leadership");
        }
    }

    private void PublishStandby(EnvironmentAssignment assignment)
    {
        var previous = _store.Get(_name);
        var message = $"this deployer replica ({_leadership.Identity}) does not lead environment {_name}; lease {_leadership.Lease} is held by {_leadership.Holder ?? "nobody yet"}";
        lock (_publish)
        {
            _store.Set(_name, new EnvironmentDeployStatus(
                assignment.Revision, previous?.HealthyRevision, EnvironmentState.Unknown, Reasons.NotLeader, message,
                previous?.Resources ?? new Dictionary<string, ResourceDeployStatus>(), previous?.LastReconciledAt));
        }
    }

    private TimeSpan Backoff(int failures)
    {
        lock (_random)
        {
            return new Backoff(_options.RetryBaseDelay, _options.RetryMaxDelay).After(failures, _random.NextDouble());
        }
    }
}
