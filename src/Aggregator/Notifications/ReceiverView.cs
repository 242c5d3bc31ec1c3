namespace Dm.Aggregator.Notifications;

/// <summary>
/// A receiver of <c>notifications.yaml</c> as <c>GET /api/notifications</c> shows it: whether its last delivery failed
/// (<see cref="Failing"/>) and why, and its counts since the aggregator started.
/// </summary>
public sealed record ReceiverView(
    string Name,
    string Type,
    bool Failing,
    string? LastError,
    DateTimeOffset? LastSentAt,
    DateTimeOffset? LastFailedAt,
    int Queued,
    long Sent,
    long Failed,
    long Dropped);
