using Dm.Common.Git;

namespace Dm.Aggregator.History;

/// <summary>
/// Every commit of the branch as a <see cref="HistoryEvent"/>, oldest first in memory. <see cref="UpdateAsync"/> reads
/// only the commits after the last one indexed (<c>git log last..head</c>); the first update reads the whole branch in
/// one streaming <c>git log</c> (a restart rebuilds it that way). Queries are served from memory under a lock.
/// </summary>
public sealed class HistoryIndex : IDisposable
{
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
        string? last;
        lock (_gate)
        {
            last = _head;
        }

        if (last == head)
        {
            return [];
        }

        var rebuild = last is null || !await IsAncestorAsync(repository, last, head, cancellationToken);
        if (rebuild && last is not null && await IsAncestorAsync(repository, head, last, cancellationToken))
        {
            // Asked for an older head than the one already indexed (a writer got ahead of a refresh): nothing to do.
            return [];
        }

        var fresh = new List<HistoryEvent>();
        await foreach (var commit in repository.LogAsync(new LogQuery { Revision = rebuild ? head : $"{last}..{head}" }, cancellationToken))
        {
            // Newest commit first, each commit's events in the order applied: reversed below to oldest first throughout.
            fresh.AddRange(HistoryParser.Parse(commit).Reverse());
        }

        fresh.Reverse();
        lock (_gate)
        {
            if (rebuild)
            {
                _events.Clear();
                _positions.Clear();
            }

            foreach (var e in fresh)
            {
                _positions[e.Id] = _events.Count;
                _events.Add(e);
            }

            _head = head;
        }

        return fresh;
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
