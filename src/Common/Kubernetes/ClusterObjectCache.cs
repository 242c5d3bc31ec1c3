using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dm.Common.Kubernetes;

/// <summary>
/// The <see cref="ObjectInformer"/>s of one cluster, one per (group, kind, namespace), started on first use and kept
/// until disposed. A caller that writes through the same client feeds the server's answers back with
/// <see cref="Observe"/>.
/// </summary>
/// <param name="transform">Applied to every cached object (see <see cref="ObjectInformer"/>), e.g. <see cref="TrimManagedFields"/>.</param>
public sealed class ClusterObjectCache(IClusterClient client, TimeProvider time, ILoggerFactory loggers, Func<JsonObject, JsonObject>? transform = null) : IDisposable
{
    private readonly ConcurrentDictionary<(string Group, string Kind, string Namespace), Lazy<ObjectInformer>> _informers = new();
    private readonly ILogger _logger = loggers.CreateLogger<ObjectInformer>();

    /// <summary>The cluster this cache follows.</summary>
    public IClusterClient Client => client;

    /// <summary>The informer of a kind in a namespace (empty or null: cluster-wide / cluster-scoped), started on first use.</summary>
    public ObjectInformer For(string group, string kind, string? @namespace) =>
        _informers.GetOrAdd(
            (group, kind, @namespace ?? string.Empty),
            key => new Lazy<ObjectInformer>(() => new ObjectInformer(client, new ResourceQuery(key.Group, key.Kind, key.Namespace.Length == 0 ? null : key.Namespace), time, _logger, transform: transform))).Value;

    /// <summary>Feeds an object the server returned for <paramref name="key"/> into its informer.</summary>
    public void Observe(ResourceKey key, JsonObject stored) => For(key.Group, key.Kind, key.Namespace).Observe(stored);

    /// <summary>
    /// Keeps of <c>metadata.managedFields</c> only who wrote when (manager, operation, subresource, time), dropping
    /// <c>fieldsV1</c>: usually the largest part of a stored object, and nothing a reader of the cache needs.
    /// </summary>
    public static JsonObject TrimManagedFields(JsonObject item)
    {
        if (item["metadata"]?["managedFields"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                entry.Remove("fieldsV1");
            }
        }

        return item;
    }

    public void Dispose()
    {
        foreach (var informer in _informers.Values.Where(i => i.IsValueCreated))
        {
            informer.Value.Dispose();
        }

        _informers.Clear();
    }
}
