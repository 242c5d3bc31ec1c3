using System.Threading.Channels;

namespace Dm.Aggregator.Events;

/// <summary>A stream's view of the hub: events to replay first, then live ones.</summary>
public sealed class EventSubscription(IReadOnlyList<StreamEvent> replay, ChannelReader<StreamEvent> live, Action unsubscribe) : IDisposable
{
    public IReadOnlyList<StreamEvent> Replay { get; } = replay;

    public ChannelReader<StreamEvent> Live { get; } = live;

    public void Dispose() => unsubscribe();
}
