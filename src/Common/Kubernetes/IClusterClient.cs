using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Kubernetes;

/// <summary>
/// The seam between DM and a Kubernetes cluster: everything DM does with a cluster goes through here, over
/// unstructured objects (<see cref="JsonObject"/>) and <see cref="ResourceKey"/> identity. Implemented by
/// <see cref="KubernetesRestClient"/>; replacing it with the official KubernetesClient is a new implementation of this
/// interface and nothing else. Objects of a <see cref="ResourceKey"/> are addressed at the group's preferred version.
/// </summary>
public interface IClusterClient
{
    /// <summary>The namespace used for namespaced manifests that name none (the context's namespace).</summary>
    string DefaultNamespace { get; }

    /// <summary>Maps a kind to its resource (plural, namespaced), from discovery; refreshed when the kind is unknown.</summary>
    Task<ApiResource> ResolveAsync(string group, string kind, string? version, CancellationToken cancellationToken);

    /// <summary>The live object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ResourceKey key, CancellationToken cancellationToken);

    /// <summary>All matching objects (pagination followed) and the list's resourceVersion.</summary>
    Task<ResourceList> ListAsync(ResourceQuery query, CancellationToken cancellationToken);

    /// <summary>Server-side apply of a manifest (it carries <c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>); returns the object as stored (or as it would be, for dry-run).</summary>
    Task<JsonObject> ApplyAsync(JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken);

    /// <summary>Server-side apply to the <c>status</c> subresource (the manifest carries the status to own).</summary>
    Task<JsonObject> ApplyStatusAsync(JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken);

    /// <summary>Deletes an object; an object already gone is <see cref="DeleteOutcome.NotFound"/>, not an error.</summary>
    Task<DeleteOutcome> DeleteAsync(ResourceKey key, PropagationPolicy propagation, CancellationToken cancellationToken);

    /// <summary>
    /// Streams changes until cancelled. Without <paramref name="resourceVersion"/> it first lists and yields every
    /// existing object as Added, then a Bookmark marking their end (<see cref="WatchEvent.IsInitialEventsEnd"/>). It resumes after dropped or closed streams from the last version seen, and on
    /// 410 Gone re-lists and yields the difference (events marked <see cref="WatchEvent.Resynced"/>).
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(ResourceQuery query, string? resourceVersion, CancellationToken cancellationToken);
}
