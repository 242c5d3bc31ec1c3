using System.Collections;

namespace Dm.ClusterSimulator;

/// <summary>The requests answered so far, oldest first. Thread-safe; enumerating works on a snapshot.</summary>
public sealed class RequestLog : IReadOnlyList<RequestLogEntry>
{
    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public RequestLogEntry this[int index]
    {
        get
        {
            lock (_gate)
            {
                return _entries[index];
            }
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    public IEnumerator<RequestLogEntry> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
