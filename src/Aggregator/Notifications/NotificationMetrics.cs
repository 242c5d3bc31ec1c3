using Dm.Hosting;
using Prometheus;

namespace Dm.Aggregator.Notifications;

/// <summary>The aggregator's notification metrics, per receiver, in its daemon's registry.</summary>
public sealed class NotificationMetrics
{
    public NotificationMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        Sent = factory.CreateCounter("dm_notifications_sent_total", "Notifications a receiver accepted (2xx).", "receiver");
        Failed = factory.CreateCounter("dm_notifications_failed_total", "Notifications given up on: every attempt failed, the receiver refused them, or it is not configured.", "receiver");
        Dropped = factory.CreateCounter("dm_notifications_dropped_total", "Notifications dropped unsent because the receiver's queue was full.", "receiver");
        Queued = factory.CreateGauge("dm_notifications_queued", "Notifications waiting for a receiver (queued or being retried).", "receiver");
        Latency = factory.CreateHistogram("dm_notification_delivery_seconds", "Time from queueing a notification to its receiver's answer, retries included.", DurationBuckets.Configuration("receiver"));
    }

    public Counter Sent { get; }

    public Counter Failed { get; }

    public Counter Dropped { get; }

    public Gauge Queued { get; }

    public Histogram Latency { get; }
}
