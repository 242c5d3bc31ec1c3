using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dm.Status;

namespace Dm.Aggregator.Events;

/// <summary>
/// Fans state deltas out to Server-Sent Event streams and keeps the last events for <c>Last-Event-ID</c> resume.
/// Ids increase by one per event within a process; a resume point older than the buffer (or from another process
/// lifetime) gets a <see cref="EventTypes.Reset"/>.
/// </summary>
public sealed class EventHub(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<StreamEvent> _buffer = new();
    private readonly List<Channel<StreamEvent>> _subscribers = [];
    private long _nextId = 1;

    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _nextId - 1;
            }
        }
    }

    public void Publish(string type, object data)
    {
        var node = JsonSerializer.SerializeToNode(data, data.GetType(), DmJson.Options) ?? new JsonObject();
        lock (_gate)
        {
            var e = new StreamEvent(_nextId++, type, node);
            _buffer.AddLast(e);
            while (_buffer.Count > capacity)
            {
                _buffer.RemoveFirst();
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(e);
            }
        }
    }

    /// <summary>
    /// Subscribes; returns the events after <paramref name="lastEventId"/> still buffered (or a reset when they are
    /// not) and a channel of later events. Dispose the subscription to stop.
    /// </summary>
    public EventSubscription Subscribe(long? lastEventId)
    {
        var channel = Channel.CreateBounded<StreamEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            var replay = new List<StreamEvent>();
            if (lastEventId is { } last && last < _nextId - 1)
            {
                var oldest = _buffer.First?.Value.Id ?? _nextId;
                if (last + 1 < oldest || last < 0)
                {
                    replay.Add(new StreamEvent(_nextId - 1, EventTypes.Reset, new JsonObject { ["reason"] = "resume point no longer buffered" }));
                }
                else
                {
                    replay.AddRange(_buffer.Where(e => e.Id > last));
                }
            }
            else if (lastEventId is { } ahead && ahead > _nextId - 1)
            {
                replay.Add(new StreamEvent(_nextId - 1, EventTypes.Reset, new JsonObject { ["reason"] = "unknown resume point (the aggregator restarted)" }));
            }

            _subscribers.Add(channel);
            return new EventSubscription(replay, channel.Reader, () =>
            {
                lock (_gate)
                {
                    _subscribers.Remove(channel);
                }
            });
        }
    }
}
