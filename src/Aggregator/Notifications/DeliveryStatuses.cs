namespace Dm.Aggregator.Notifications;

/// <summary>Where a delivery stands (<see cref="DeliveryRecord.Status"/>).</summary>
public static class DeliveryStatuses
{
    /// <summary>Waiting in its receiver's queue, or being attempted (with retries).</summary>
    public const string Queued = "Queued";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Sent = "Sent";

    /// <summary>Every attempt failed, the receiver refused it (4xx), or the receiver is not configured.</summary>
    public const string Failed = "Failed";

    /// <summary>Dropped unsent: the queue was full (oldest first) or the receiver left notifications.yaml.</summary>
    public const string Dropped = "Dropped";
}
