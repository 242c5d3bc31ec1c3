using System.Text.Json.Nodes;

namespace Dm.Kubernetes;

/// <summary>
/// One change seen by a watch. <paramref name="Resynced"/> marks events synthesised from a re-list after the server
/// said the watch's resourceVersion was too old (410 Gone): the difference between what the watch had seen and the
/// fresh list (Deleted carries the identity of the last object seen: apiVersion, kind, name, namespace, uid and
/// resourceVersion).
/// </summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Resource, bool Resynced = false)
{
    /// <summary>Annotation of the bookmark that follows the initial objects of a watch started without a resourceVersion (as Kubernetes' <c>sendInitialEvents</c>).</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    /// <summary>Whether this is the bookmark that ends the initial objects: everything that existed has been yielded.</summary>
    public bool IsInitialEventsEnd => Type == WatchEventType.Bookmark && (string?)Resource["metadata"]?["annotations"]?[InitialEventsEndAnnotation] == "true";

    public string ResourceVersion => (string?)Resource["metadata"]?["resourceVersion"] ?? string.Empty;
}
