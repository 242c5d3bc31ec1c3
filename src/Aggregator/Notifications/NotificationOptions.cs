namespace Dm.Aggregator.Notifications;

/// <summary>
/// How the aggregator delivers notifications (section <c>aggregator:notifications</c>). Which events go where is in
/// the resource repo's <c>notifications.yaml</c>; the receivers' secrets are only here (or in the environment variables
/// and files named here), never in the repo.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Secrets per receiver name of <c>notifications.yaml</c>.</summary>
    public Dictionary<string, ReceiverSecrets> Receivers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Deliveries waiting per receiver; past it the oldest is dropped (counted and logged).</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Attempts per delivery before it counts as failed (the first one included).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the first retry; doubled each time (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Recent deliveries kept for <c>GET /api/notifications</c>.</summary>
    public int HistorySize { get; set; } = 200;

    /// <summary>The UI's public URL, linked from messages and commit statuses; null links nothing.</summary>
    public Uri? UiUrl { get; set; }
}
