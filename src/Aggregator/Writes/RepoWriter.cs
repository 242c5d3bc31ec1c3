using Dm.Git;
using Dm.ResourceRepo;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Dm.Aggregator.Writes;

/// <summary>
/// The one writer of the process. Requests queue here; whoever holds the writer takes everything waiting, plans it
/// together on the head (<see cref="BatchPlanner"/>: each change sees the ones before it) and makes ONE commit with a
/// message section per change. Every request gets its own outcome: a refused or failed one does not sink the others,
/// one that changes nothing is answered without a commit. When the push is rejected (another writer moved the branch)
/// the whole batch is planned again on the new head. After a commit the state refreshes and the other daemons are told.
/// </summary>
public sealed class RepoWriter : IDisposable
{
    private readonly AggregatorState _state;
    private readonly DaemonNotifier _notifier;
    private readonly ILogger<RepoWriter> _logger;
    private readonly BatchPlanner _planner;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<Pending> _queue = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Counter _writes;
    private readonly Histogram _duration;
    private readonly Histogram _batchSize;

    public RepoWriter(AggregatorState state, DaemonNotifier notifier, CollectorRegistry metrics, ILogger<RepoWriter> logger)
    {
        _state = state;
        _notifier = notifier;
        _logger = logger;
        _planner = new BatchPlanner(state.Reader);
        var factory = Metrics.WithCustomRegistry(metrics);
        _writes = factory.CreateCounter("dm_aggregator_writes_total", "Write requests by outcome.", "outcome");
        _duration = factory.CreateHistogram(
            "dm_aggregator_write_seconds", "Time from queueing a write to its pushed commit.", new HistogramConfiguration { Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _batchSize = factory.CreateHistogram("dm_aggregator_write_batch_size", "Write requests planned into one commit.", new HistogramConfiguration { Buckets = [1, 2, 5, 10, 25, 50, 100, 200] });
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _writer.Dispose();
    }

    /// <summary>Queues a write and returns its outcome once the commit carrying it (or its refusal) is done.</summary>
    public async Task<WriteOutcome> WriteAsync(
        Caller caller,
        Func<ResourceRepoModel, CancellationToken, Task<WritePlan>> plan,
        CancellationToken cancellationToken)
    {
        var pending = new Pending(new QueuedWrite(caller, plan), System.Diagnostics.Stopwatch.GetTimestamp());
        lock (_gate)
        {
            _queue.Add(pending);
        }

        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                // Still queued: nobody will write it now. Already taken: it lands anyway, like a request cut off mid-commit.
                _queue.Remove(pending);
            }

            throw;
        }

        try
        {
            // Another request holding the writer may have written this one already; else write everything waiting.
            while (!pending.Outcome.Task.IsCompleted && Take() is { Count: > 0 } batch)
            {
                await WriteBatchAsync(batch, _stopping.Token);
            }
        }
        finally
        {
            _writer.Release();
        }

        return await pending.Outcome.Task;
    }

    private List<Pending> Take()
    {
        lock (_gate)
        {
            var batch = _queue.Take(BatchPlanner.MaxBatch).ToList();
            _queue.RemoveRange(0, batch.Count);
            return batch;
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        var repository = _state.Repository;
        BatchPlan? last = null;
        CommitResult result;
        try
        {
            result = await repository.CommitAsync(
                async (snapshot, ct) =>
                {
                    last = await _planner.PlanAsync(snapshot, await _state.ModelOfAsync(snapshot), batch.Select(p => p.Write).ToList(), ct);
                    return last.Commit;
                },
                cancellationToken);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Writing {Count} queued request(s) failed", batch.Count);
            _writes.WithLabels("failed").Inc(batch.Count);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(ex);
            }

            return;
        }

        var plan = last!;
        var (head, committed) = result switch
        {
            CommitResult.Committed c => (c.CommitId, true),
            CommitResult.NoChange n => (n.HeadId, false),
            _ => throw new InvalidOperationException($"Unknown commit result {result}."),
        };
        if (committed)
        {
            if (plan.Files is { } files)
            {
                // The next plan and the refresh find the new head's model without reading git (read while we answer).
                _state.RememberInBackground(new RepoSnapshot(head, files));
            }

            _state.RequestRefresh(AggregatorLoop.RepoWriterRefreshReason);
            _notifier.Notify(head);
            _batchSize.Observe(plan.Entries.Count(e => e is BatchEntry.Included));
            _logger.LogInformation("Committed {Revision} with {Included} of {Planned} queued request(s)", head, plan.Entries.Count(e => e is BatchEntry.Included), plan.Entries.Count);
        }

        for (var i = 0; i < plan.Entries.Count; i++)
        {
            var outcome = plan.Entries[i] switch
            {
                BatchEntry.Included when committed => new WriteOutcome.Committed(head),
                BatchEntry.Included or BatchEntry.Unchanged => new WriteOutcome.Unchanged(head),
                BatchEntry.Refused r => new WriteOutcome.Refused(r.Refusal.Status, r.Refusal.Title, r.Refusal.Detail),
                BatchEntry.Failed => (WriteOutcome?)null,
                _ => throw new InvalidOperationException($"Unknown batch entry {plan.Entries[i]}."),
            };
            if (outcome is null)
            {
                var error = ((BatchEntry.Failed)plan.Entries[i]).Error;
                _logger.LogError(error, "Planning a request of {Caller} failed", batch[i].Write.Caller.Name);
                _writes.WithLabels("failed").Inc();
                batch[i].Outcome.TrySetException(error);
                continue;
            }

            _writes.WithLabels(outcome switch { WriteOutcome.Committed => "committed", WriteOutcome.Unchanged => "unchanged", _ => "refused" }).Inc();
            if (outcome is WriteOutcome.Committed)
            {
                _duration.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(batch[i].Started).TotalSeconds);
            }

            batch[i].Outcome.TrySetResult(outcome);
        }

        // Writes the plan did not reach (a message that cannot share a commit) go first in the next batch.
        if (plan.Entries.Count < batch.Count)
        {
            lock (_gate)
            {
                _queue.InsertRange(0, batch.Skip(plan.Entries.Count));
            }
        }
    }

    private sealed record Pending(QueuedWrite Write, long Started)
    {
        public TaskCompletionSource<WriteOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
