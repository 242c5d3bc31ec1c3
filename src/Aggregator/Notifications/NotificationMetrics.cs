using Dm.Common.Metrics;

namespace Dm.Aggregator.Notifications;

/// <summary>The aggregator's notification metrics, per receiver.</summary>
public sealed class NotificationMetrics(MetricsRegistry registry)
{
    public Counter Sent { get; } = registry.Counter("dm_notifications_sent_total", "Notifications a receiver accepted (2xx).", "receiver");

    public Counter Failed { get; } = registry.Counter("dm_notifications_failed_total", "Notifications given up on after every attempt failed, refused by the receiver, or not configured.", "receiver");

    public Counter Dropped { get; } = registry.Counter("dm_notifications_dropped_total", "Notifications dropped unsent because the receiver's queue was full.", "receiver");

    public Gauge Queued { get; } = registry.Gauge("dm_notifications_queued", "Notifications waiting for a receiver.", "receiver");

    public Histogram Latency { get; } = registry.Histogram("dm_notification_delivery_seconds", "Time from queueing a notification to its receiver's answer (retries included).", Histogram.DurationBuckets, "receiver");
}
