using Dm.Common.Git;
using Dm.Common.Metrics;
using Dm.Common.ResourceRepo;
using Microsoft.Extensions.Logging;

namespace Dm.Aggregator.Writes;

/// <summary>
/// The one writer of the process: requests queue here and commit one at a time. Each request is a planner run on the
/// model of the head it commits on, so validation and the change always agree with what is in git; when the push is
/// rejected (another writer moved the branch) the planner runs again on the new head, and a request whose meaning
/// changed (another message) is planned afresh. After a commit the state refreshes and the other daemons are told.
/// </summary>
public sealed class RepoWriter(AggregatorState state, DaemonNotifier notifier, MetricsRegistry metrics, ILogger<RepoWriter> logger) : IDisposable
{
    private const int MaxPlanAttempts = 5;

    private readonly SemaphoreSlim _queue = new(1, 1);

    // The branch head after this writer's last commit: a guess only (CommitAsync fetches and re-plans when the remote moved).
    private string? _head;
    private readonly Counter _writes = metrics.Counter("dm_aggregator_writes_total", "Write requests by outcome.", "outcome");
    private readonly Histogram _duration = metrics.Histogram(
        "dm_aggregator_write_seconds", "Time from queueing a write to its pushed commit.", [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

    public void Dispose() => _queue.Dispose();

    public async Task<WriteOutcome> WriteAsync(
        Caller caller,
        Func<ResourceRepoModel, CancellationToken, Task<WritePlan>> plan,
        CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var repository = state.Repository;
        await _queue.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var head = _head ?? await repository.ResolveAsync(repository.BranchRef, cancellationToken);
                var model = await state.ModelAtAsync(head, cancellationToken);
                var first = await plan(model, cancellationToken);
                if (first is WritePlan.Refuse refuse)
                {
                    _writes.Inc("refused");
                    return new WriteOutcome.Refused(refuse.Status, refuse.Title, refuse.Detail);
                }

                var commit = (WritePlan.Commit)first;
                string? movedTo = null;
                CommitResult result;
                try
                {
                    result = await repository.CommitAsync(
                        new CommitRequest(commit.Message, caller.Identity),
                        async (snapshot, ct) =>
                        {
                            if (snapshot.Revision == head)
                            {
                                return commit.Changes;
                            }

                            if (await plan(await state.ModelAtAsync(snapshot.Revision, ct), ct) is WritePlan.Commit again && again.Message == commit.Message)
                            {
                                return again.Changes;
                            }

                            movedTo = snapshot.Revision;
                            throw new PlanChangedException($"The request means another change on {snapshot.Revision}.");
                        },
                        cancellationToken);
                }
                catch (PlanChangedException) when (attempt < MaxPlanAttempts)
                {
                    // Plan the next attempt on the head the branch moved to, not on the head this writer last saw.
                    _head = movedTo;
                    logger.LogInformation("The branch moved to {Revision} and the request changed meaning; planning again (attempt {Attempt})", movedTo, attempt);
                    continue;
                }
                catch (PlanChangedException)
                {
                    _head = null;
                    _writes.Inc("refused");
                    return new WriteOutcome.Refused(StatusCodes.Status409Conflict, "ConcurrentChange",
                        $"The branch kept moving while this request was planned ({MaxPlanAttempts} attempts); send it again.");
                }

                switch (result)
                {
                    case CommitResult.Committed committed:
                        _head = committed.CommitId;
                        _writes.Inc("committed");
                        _duration.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                        logger.LogInformation("Committed {Revision} for {Caller}", committed.CommitId, caller.Name);
                        state.RequestRefresh("commit");
                        notifier.Notify(committed.CommitId);
                        return new WriteOutcome.Committed(committed.CommitId);
                    case CommitResult.NoChange unchanged:
                        _head = unchanged.HeadId;
                        _writes.Inc("unchanged");
                        return new WriteOutcome.Unchanged(unchanged.HeadId);
                    default:
                        throw new InvalidOperationException($"Unknown commit result {result}.");
                }
            }
        }
        finally
        {
            _queue.Release();
        }
    }
}
