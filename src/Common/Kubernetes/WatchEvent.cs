using System.Text.Json.Nodes;

namespace Dm.Common.Kubernetes;

/// <summary>
/// One change seen by a watch. <paramref name="Resynced"/> marks events synthesised from a re-list after the server
/// said the watch's resourceVersion was too old (410 Gone): the difference between what the watch had seen and the
/// fresh list (Deleted carries the last object seen).
/// </summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Resource, bool Resynced = false)
{
    public string ResourceVersion => (string?)Resource["metadata"]?["resourceVersion"] ?? string.Empty;
}
