using System.Globalization;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Watch fan-out: the bounded event history (so a watch can resume from a resourceVersion, or learn it is too old) and
/// the live subscriptions; each published event goes to every subscription that sees it.
/// </summary>
internal sealed class WatchFanOut(int historySize)
{
    private readonly Lock _gate = new();
    private readonly WatchEvent[] _history = new WatchEvent[Math.Max(16, historySize)];
    private readonly List<WatchSubscription> _watchers = [];
    private int _historyStart;
    private int _historyCount;
    private long _compactedThrough;

    /// <summary>Records <paramref name="e"/> in the history (dropping the oldest when full) and offers it to every subscription.</summary>
    public void Publish(WatchEvent e)
    {
        lock (_gate)
        {
            if (_historyCount == _history.Length)
            {
                _compactedThrough = _history[_historyStart].Object.ResourceVersion;
                _historyStart = (_historyStart + 1) % _history.Length;
                _historyCount--;
            }

            _history[(_historyStart + _historyCount) % _history.Length] = e;
            _historyCount++;
            foreach (var watcher in _watchers)
            {
                if (watcher.Translate(e) is { } seen)
                {
                    watcher.Offer(seen);
                }
            }
        }
    }

    /// <summary>
    /// A new subscription. Without a resourceVersion (or "0", or with <paramref name="sendInitialEvents"/>) it starts with
    /// an ADDED event per object of <paramref name="current"/> that matches; otherwise with the history after that
    /// version. The caller holds the store's lock, so no write falls between <paramref name="current"/> and the subscription.
    /// </summary>
    public WatchSubscription Subscribe(ApiResourceType type, string? ns, Selector selector, string? resourceVersion, bool sendInitialEvents, IEnumerable<StoredObject> current)
    {
        var initial = new List<WatchEvent>();
        lock (_gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0" || sendInitialEvents)
            {
                foreach (var obj in current)
                {
                    if ((ns is null || obj.Namespace == ns) && selector.Matches(obj))
                    {
                        initial.Add(new WatchEvent("ADDED", obj));
                    }
                }
            }
            else
            {
                if (!long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var from))
                {
                    throw new MalformedRequestException($"invalid resource version: {resourceVersion}");
                }

                if (from < _compactedThrough)
                {
                    throw new ResourceVersionExpiredException(from, _compactedThrough + 1);
                }

                var replay = new WatchSubscription(type.StorageKey, ns, selector, [], _ => { });
                for (var i = 0; i < _historyCount; i++)
                {
                    var e = _history[(_historyStart + i) % _history.Length];
                    if (e.Object.ResourceVersion > from && replay.Translate(e) is { } seen)
                    {
                        initial.Add(seen);
                    }
                }
            }

            var subscription = new WatchSubscription(type.StorageKey, ns, selector, initial, Unsubscribe);
            _watchers.Add(subscription);
            return subscription;
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _watchers.Remove(subscription);
        }
    }
}
