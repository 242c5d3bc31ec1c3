using Dm.Aggregator.Auth;
using Dm.Aggregator.Repo;
using Dm.Git;
using Dm.Hosting;
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
/// Each write is a straight line: gather its inputs from git on the mirror's head before the commit's critical section,
/// decide purely (the planners), execute the one commit; a push rejected because the head moved gathers again on the
/// new head and calls the same planners.
/// </summary>
public sealed class RepoWriter : IDisposable
{
    /// <summary>The refresh reason the writer gives after a commit (the mirror has the new head: no fetch needed to see it).</summary>
    public const string RefreshReason = "commit";

    private readonly RepoMirror _mirror;
    private readonly RepoModels _models;
    private readonly RefreshSignal _refresh;
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

    public RepoWriter(RepoMirror mirror, RepoModels models, RefreshSignal refresh, DaemonNotifier notifier, CollectorRegistry metrics, ILogger<RepoWriter> logger)
    {
        _mirror = mirror;
        _models = models;
        _refresh = refresh;
        _notifier = notifier;
        _logger = logger;
        _planner = new BatchPlanner(models.Reader);
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

    /// <summary>Queues a write decided from the model alone and returns its outcome once the commit carrying it (or its refusal) is done.</summary>
    public Task<WriteOutcome> WriteAsync(Caller caller, Func<ResourceRepoModel, WritePlan> decide, CancellationToken cancellationToken) =>
        WriteAsync(new QueuedWrite.FromModel(caller, decide), cancellationToken);

    /// <summary>
    /// Queues a write whose decision needs inputs from git: <paramref name="gather"/> reads them for the head before the
    /// commit, <paramref name="decide"/> is the pure planner over the model and those inputs.
    /// </summary>
    public Task<WriteOutcome> WriteAsync<TInputs>(
        Caller caller,
        Func<ResourceRepoModel, CancellationToken, Task<TInputs>> gather,
        Func<ResourceRepoModel, TInputs, WritePlan> decide,
        CancellationToken cancellationToken) =>
        WriteAsync(
            new QueuedWrite.WithInputs(caller, async (model, ct) =>
            {
                var inputs = await gather(model, ct);
                return m => decide(m, inputs);
            }),
            cancellationToken);

    private async Task<WriteOutcome> WriteAsync(QueuedWrite write, CancellationToken cancellationToken)
    {
        var pending = new Pending(write, System.Diagnostics.Stopwatch.GetTimestamp());
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
        var repository = _mirror.Repository;
        var writes = batch.Select(p => p.Write).ToList();
        BatchPlan? last = null;
        CommitResult result;
        try
        {
            Gathered? gathered = null;
            if (writes.Any(w => w is QueuedWrite.WithInputs))
            {
                // Before the critical section: the commit's first attempt plans on the mirror's head.
                var mirrorHead = await repository.ResolveAsync(repository.BranchRef, cancellationToken);
                gathered = await GatherAsync(writes, await _models.ModelAtAsync(mirrorHead, cancellationToken), cancellationToken);
            }

            result = await repository.CommitAsync(
                async (snapshot, ct) =>
                {
                    var model = await _models.ModelOfAsync(snapshot);
                    if (gathered?.Revision != snapshot.Revision)
                    {
                        // No inputs to read, or the head moved (a rejected push): gather for this head.
                        gathered = await GatherAsync(writes, model, ct);
                    }

                    last = _planner.Plan(snapshot, model, gathered.Writes);
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
                _models.RememberInBackground(new RepoSnapshot(head, files));
            }

            _refresh.Request(RefreshReason);
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
                BatchEntry.Refused r => new WriteOutcome.Refused(r.Refusal.Reason, r.Refusal.Detail),
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

    /// <summary>Each write's inputs read for the head at <paramref name="model"/>; a write whose reading fails is failed alone.</summary>
    private static async Task<Gathered> GatherAsync(IReadOnlyList<QueuedWrite> writes, ResourceRepoModel model, CancellationToken cancellationToken)
    {
        var gathered = new List<GatheredWrite>(writes.Count);
        foreach (var write in writes)
        {
            switch (write)
            {
                case QueuedWrite.FromModel fromModel:
                    gathered.Add(new GatheredWrite.Ready(write.Caller, fromModel.Decide));
                    break;
                case QueuedWrite.WithInputs withInputs:
                    try
                    {
                        gathered.Add(new GatheredWrite.Ready(write.Caller, await withInputs.Gather(model, cancellationToken)));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        gathered.Add(new GatheredWrite.Failed(write.Caller, ex));
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Unknown queued write {write}.");
            }
        }

        return new Gathered(model.Revision, gathered);
    }

    private sealed record Gathered(string Revision, IReadOnlyList<GatheredWrite> Writes);

    private sealed record Pending(QueuedWrite Write, long Started)
    {
        public TaskCompletionSource<WriteOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
