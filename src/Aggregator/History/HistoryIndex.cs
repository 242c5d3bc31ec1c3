using System.Text.Json;
using Dm.Git;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Aggregator.History;

/// <summary>
/// Every commit of the branch as <see cref="HistoryEvent"/>s, oldest first in memory. <see cref="UpdateAsync"/> reads
/// only the commits after the last one indexed (<c>git log last..head</c>). With a <see cref="HistoryStore"/> the index
/// is kept on disk too: the first update after a restart loads it and reads only the commits after the stored head,
/// when that head is still in the branch's history (else, e.g. after a force push, the whole branch is read again in
/// one streaming <c>git log</c> and the file rewritten). Queries are served from memory under a lock.
/// </summary>
public sealed class HistoryIndex(HistoryStore? store = null, ILogger? logger = null) : IDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private bool _loaded;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _update = new(1, 1);
    private readonly List<HistoryEvent> _events = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private string? _head;

    public string? Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    /// <summary>What the last update did: events loaded from the store, commits read from git, whether it rebuilt.</summary>
    public HistoryUpdateStatistics LastUpdate { get; private set; } = new(0, 0, false);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Indexes the commits up to <paramref name="head"/>; returns the new events, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> UpdateAsync(GitRepository repository, string head, CancellationToken cancellationToken)
    {
        await _update.WaitAsync(cancellationToken);
        try
        {
            return await UpdateCoreAsync(repository, head, cancellationToken);
        }
        finally
        {
            _update.Release();
        }
    }

    /// <summary>Events from position <paramref name="position"/> (0 = oldest) on, oldest first, and the position after them.</summary>
    public (IReadOnlyList<HistoryEvent> Events, int Next) Since(int position)
    {
        lock (_gate)
        {
            position = Math.Clamp(position, 0, _events.Count);
            return (_events.GetRange(position, _events.Count - position), _events.Count);
        }
    }

    private async Task<IReadOnlyList<HistoryEvent>> UpdateCoreAsync(GitRepository repository, string head, CancellationToken cancellationToken)
    {
        var loaded = _loaded ? 0 : await LoadAsync(repository, head, cancellationToken);
        _loaded = true;
        string? last;
        lock (_gate)
        {
            last = _head;
        }

        if (last == head)
        {
            LastUpdate = new HistoryUpdateStatistics(loaded, 0, false);
            return [];
        }

        // One git log for the usual case: last is an ancestor of head exactly when a commit of last..head has it as a parent.
        var logged = last is null ? [] : await ReadLogAsync(repository, $"{last}..{head}", cancellationToken);
        var rebuild = last is null || !logged.Any(c => c.ParentIds.Contains(last, StringComparer.Ordinal));
        if (rebuild && last is not null && await IsAncestorAsync(repository, head, last, cancellationToken))
        {
            // Asked for an older head than the one already indexed (a writer got ahead of a refresh): nothing to do.
            return [];
        }

        if (rebuild)
        {
            logged = await ReadLogAsync(repository, head, cancellationToken);
        }

        var fresh = new List<HistoryEvent>();
        var commits = logged.Count;
        foreach (var commit in logged)
        {
            // Newest commit first, each commit's events in the order applied: reversed below to oldest first throughout.
            fresh.AddRange(HistoryParser.Parse(commit).Reverse());
        }

        fresh.Reverse();
        List<HistoryEvent>? all = null;
        int total;
        lock (_gate)
        {
            if (rebuild)
            {
                _events.Clear();
                _positions.Clear();
            }

            AppendLocked(fresh);

            _head = head;
            total = _events.Count;
            if (rebuild && store is not null)
            {
                all = [.. _events];
            }
        }

        LastUpdate = new HistoryUpdateStatistics(loaded, commits, rebuild);
        await SaveAsync(all, fresh, head, total, cancellationToken);
        return fresh;
    }

    /// <summary>Appends events (oldest first) to the list and its id positions; the caller holds <c>_gate</c>.</summary>
    private void AppendLocked(IEnumerable<HistoryEvent> events)
    {
        foreach (var e in events)
        {
            _positions[e.Id] = _events.Count;
            _events.Add(e);
        }
    }

    /// <summary>Loads the stored index when its head is still in the history of <paramref name="head"/>; returns the events loaded.</summary>
    private async Task<int> LoadAsync(GitRepository repository, string head, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return 0;
        }

        try
        {
            if (await store.LoadAsync(cancellationToken) is not var (events, storedHead))
            {
                return 0;
            }

            if (!await IsAncestorAsync(repository, storedHead, head, cancellationToken))
            {
                _logger.LogInformation("The stored history index ends at {Revision}, which is no longer in the branch's history; rebuilding it", storedHead);
                return 0;
            }

            lock (_gate)
            {
                _events.Clear();
                _positions.Clear();
                AppendLocked(events);

                _head = storedHead;
            }

            _logger.LogInformation("Loaded {Count} history events up to {Revision} from {Path}", events.Count, storedHead, store.Path);
            return events.Count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or GitCommandException)
        {
            // A torn, foreign or unreadable file, or a head the mirror does not have: read the branch instead.
            _logger.LogWarning(ex, "Cannot use the stored history index {Path}; rebuilding it", store.Path);
            return 0;
        }
    }

    private async Task SaveAsync(List<HistoryEvent>? all, List<HistoryEvent> fresh, string head, int total, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return;
        }

        try
        {
            if (all is not null || !File.Exists(store.Path))
            {
                await store.WriteAsync(all ?? Since(0).Events, head, cancellationToken);
            }
            else
            {
                await store.AppendAsync(fresh, head, total, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The index in memory is complete; only the next restart pays for this by reading the branch again.
            _logger.LogWarning(ex, "Cannot write the history index to {Path}", store.Path);
        }
    }

    /// <summary>
    /// Events matching <paramref name="filter"/>, newest first, strictly older than the event <paramref name="before"/>
    /// (an <see cref="HistoryEvent.Id"/>: a commit id names its first event, so all of the commit's events are
    /// skipped); null when that event is unknown. The page's <see cref="HistoryPage.Next"/> is its last event's id.
    /// </summary>
    public HistoryPage? Query(HistoryFilter filter, int limit, string? before)
    {
        lock (_gate)
        {
            var start = _events.Count - 1;
            if (before is not null)
            {
                if (!_positions.TryGetValue(before, out var position))
                {
                    return null;
                }

                start = position - 1;
            }

            var page = new List<HistoryEvent>(Math.Min(limit, 256));
            var i = start;
            for (; i >= 0 && page.Count < limit; i--)
            {
                if (filter.Matches(_events[i]))
                {
                    page.Add(_events[i]);
                }
            }

            var more = false;
            for (var j = i; j >= 0; j--)
            {
                if (filter.Matches(_events[j]))
                {
                    more = true;
                    break;
                }
            }

            return new HistoryPage(page, more && page.Count > 0 ? page[^1].Id : null);
        }
    }

    /// <summary>All events matching <paramref name="filter"/>, newest first.</summary>
    public IReadOnlyList<HistoryEvent> All(HistoryFilter filter)
    {
        lock (_gate)
        {
            var result = new List<HistoryEvent>();
            for (var i = _events.Count - 1; i >= 0; i--)
            {
                if (filter.Matches(_events[i]))
                {
                    result.Add(_events[i]);
                }
            }

            return result;
        }
    }

    public void Dispose() => _update.Dispose();

    private static async Task<List<GitCommit>> ReadLogAsync(GitRepository repository, string revision, CancellationToken cancellationToken)
    {
        var commits = new List<GitCommit>();
        await foreach (var commit in repository.LogAsync(new LogQuery { Revision = revision }, cancellationToken))
        {
            commits.Add(commit);
        }

        return commits;
    }

    private static async Task<bool> IsAncestorAsync(GitRepository repository, string ancestor, string head, CancellationToken cancellationToken)
    {
        // The ancestor is on the first-parent chain of head when git log head..ancestor is empty (nothing in ancestor that head lacks).
        await foreach (var unused in repository.LogAsync(new LogQuery { Revision = $"{head}..{ancestor}", MaxCount = 1 }, cancellationToken))
        {
            return false;
        }

        return true;
    }
}
