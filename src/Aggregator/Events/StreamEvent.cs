using System.Text.Json.Nodes;

namespace Dm.Aggregator.Events;

/// <summary>One Server-Sent Event: a sequence id (for <c>Last-Event-ID</c>), an event type and its JSON data.</summary>
public sealed record StreamEvent(long Id, string Type, JsonNode Data);
