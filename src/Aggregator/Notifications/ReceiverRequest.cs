namespace Dm.Aggregator.Notifications;

/// <summary>One HTTP POST a receiver gets for an event: where, which headers, the exact body bytes (JSON).</summary>
public sealed record ReceiverRequest(Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
