namespace Dm.Aggregator.Notifications;

/// <summary>One event's delivery to one receiver, as <c>GET /api/notifications</c> lists it (never a secret).</summary>
public sealed record DeliveryRecord(
    string Receiver,
    string EventId,
    string Type,
    string? Environment,
    string? Resource,
    string Message,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset QueuedAt,
    DateTimeOffset? FinishedAt,
    double? Seconds);
