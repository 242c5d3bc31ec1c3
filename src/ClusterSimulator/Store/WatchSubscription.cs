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

    public bool Accepts(WatchEvent e)
        => e.Object.Type.StorageKey == StorageKey && (Namespace is null || e.Object.Namespace == Namespace) && Selector.Matches(e.Object);

    public void Offer(WatchEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        unregister(this);
        _channel.Writer.TryComplete();
    }
}
