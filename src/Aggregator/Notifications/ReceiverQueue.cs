using System.Threading.Channels;

namespace Dm.Aggregator.Notifications;

/// <summary>One receiver's bounded queue (oldest dropped when full), its worker and its figures; guarded by the hub's lock.</summary>
internal sealed class ReceiverQueue(string name, Channel<PendingDelivery> channel)
{
    public string Name { get; } = name;

    public Channel<PendingDelivery> Channel { get; } = channel;

    public Task Worker { get; set; } = Task.CompletedTask;

    public int Queued { get; set; }

    public long Sent { get; set; }

    public long Failed { get; set; }

    public long Dropped { get; set; }

    public bool Failing { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastSentAt { get; set; }

    public DateTimeOffset? LastFailedAt { get; set; }
}
