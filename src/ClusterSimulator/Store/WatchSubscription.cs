using System.Threading.Channels;

namespace Dm.ClusterSimulator.Store;

/// <summary>A registered watcher: the events to replay first, then the live ones. Disposing unregisters it.</summary>
internal sealed class WatchSubscription(string storageKey, string? ns, Selector selector, IReadOnlyList<WatchEvent> initial, Action<WatchSubscription> unregister) : IDisposable
{
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public string StorageKey { get; } = storageKey;

    public string? Namespace { get; } = ns;

    public Selector Selector { get; } = selector;

    public IReadOnlyList<WatchEvent> Initial { get; } = initial;

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    /// <summary>
    /// The event as this watcher sees it, or null: with a selector, a modification that makes an object match arrives as
    /// ADDED and one that makes it stop matching as DELETED, like the API server's watch cache.
    /// </summary>
    public WatchEvent? Translate(WatchEvent e)
    {
        if (e.Object.Type.StorageKey != StorageKey || (Namespace is not null && e.Object.Namespace != Namespace))
        {
            return null;
        }

        var matches = Selector.Matches(e.Object);
        if (e.Type != "MODIFIED" || Selector.IsEverything)
        {
            return matches ? e : null;
        }

        var matched = e.Previous is not null && Selector.Matches(e.Previous);
        return (matched, matches) switch
        {
            (true, true) => e,
            (false, true) => new WatchEvent("ADDED", e.Object),
            (true, false) => new WatchEvent("DELETED", e.Object),
            _ => null,
        };
    }

    public void Offer(WatchEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        unregister(this);
        _channel.Writer.TryComplete();
    }
}
