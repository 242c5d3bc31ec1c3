using Dm.Domain;

namespace Dm.Aggregator.Notifications;

/// <summary>An event queued for one receiver and not delivered yet: kept in the journal, so a restart delivers it (at least once).</summary>
public sealed record PendingDelivery(string Receiver, DmEvent Event, DateTimeOffset QueuedAt);
