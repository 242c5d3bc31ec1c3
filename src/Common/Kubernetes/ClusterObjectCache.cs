using System.Text.Json.Nodes;
using Dm.Domain;
using Microsoft.Extensions.Logging;

namespace Dm.Kubernetes;

/// <summary>
/// The <see cref="ObjectInformer"/>s of one cluster, one per (group, kind, namespace), started on first use. An
/// informer nobody subscribes to and nobody asked for since a while is stopped by <see cref="StopIdle"/> (a kind that
/// left every environment of the cluster stops costing a watch); asking for it again starts a new one. A caller that
/// writes through the same client feeds the server's answers back with <see cref="Observe"/>.
/// </summary>
/// <param name="transform">Applied to every cached object (see <see cref="ObjectInformer"/>), e.g. <see cref="TrimManagedFields"/>.</param>
public sealed partial class ClusterObjectCache(IClusterClient client, TimeProvider time, ILoggerFactory loggers, Func<JsonObject, JsonObject>? transform = null) : IDisposable
{
    private readonly Dictionary<(string Group, string Kind, string Namespace), (ObjectInformer Informer, DateTimeOffset LastUsed)> _informers = [];
    private readonly Lock _lock = new();
    private readonly ILogger _logger = loggers.CreateLogger<ObjectInformer>();

    /// <summary>The cluster this cache follows.</summary>
    public IClusterClient Client => client;

    /// <summary>The (group, kind, namespace) of every running informer, sorted.</summary>
    public IReadOnlyList<(string Group, string Kind, string Namespace)> Running
    {
        get
        {
            lock (_lock)
            {
                return [.. _informers.Keys.Order()];
            }
        }
    }

    /// <summary>The informer of a kind in a namespace (empty or null: cluster-wide / cluster-scoped), started on first use.</summary>
    public ObjectInformer For(string group, string kind, string? @namespace)
    {
        var key = (group, kind, @namespace ?? string.Empty);
        lock (_lock)
        {
            var informer = _informers.TryGetValue(key, out var entry)
                ? entry.Informer
                : new ObjectInformer(client, new ResourceQuery(group, kind, key.Item3.Length == 0 ? null : key.Item3), time, _logger, transform: transform);
            _informers[key] = (informer, time.GetUtcNow());
            return informer;
        }
    }

    /// <summary>
    /// Stops and forgets the informers without subscribers that nobody asked for (<see cref="For"/>, <see cref="Observe"/>)
    /// in the last <paramref name="idleFor"/>; returns what was stopped.
    /// </summary>
    public IReadOnlyList<(string Group, string Kind, string Namespace)> StopIdle(TimeSpan idleFor)
    {
        var before = time.GetUtcNow() - idleFor;
        List<(string Group, string Kind, string Namespace)> stopped = [];
        lock (_lock)
        {
            foreach (var (key, (informer, lastUsed)) in _informers)
            {
                if (lastUsed < before && informer.Subscribers == 0)
                {
                    stopped.Add(key);
                    informer.Dispose();
                }
            }

            foreach (var key in stopped)
            {
                _informers.Remove(key);
            }
        }

        foreach (var (group, kind, ns) in stopped)
        {
            var groupName = group.Length == 0 ? "core" : group;
            var namespaceName = ns.Length == 0 ? "(cluster)" : ns;
            LogStopped(_logger, kind, groupName, namespaceName, idleFor);
        }

        return stopped;
    }

    /// <summary>Feeds an object the server returned for <paramref name="key"/> into its informer.</summary>
    public void Observe(ResourceKey key, JsonObject stored) => For(key.Group, key.Kind, key.Namespace).Observe(stored);

    /// <summary>
    /// Keeps of <c>metadata.managedFields</c> only who wrote when (manager, operation, subresource, time), dropping
    /// <c>fieldsV1</c> (usually the largest part of a stored object), <c>fieldsType</c> and <c>apiVersion</c>: nothing
    /// a reader of the cache needs.
    /// </summary>
    public static JsonObject TrimManagedFields(JsonObject item)
    {
        if (item["metadata"]?["managedFields"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                entry.Remove("fieldsV1");
                entry.Remove("fieldsType");
                entry.Remove("apiVersion");
            }
        }

        return item;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped the informer of {Kind} ({Group}) in {Namespace}: no environment used it for {Idle}")]
    private static partial void LogStopped(ILogger logger, string kind, string group, string @namespace, TimeSpan idle);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (informer, _) in _informers.Values)
            {
                informer.Dispose();
            }

            _informers.Clear();
        }
    }
}
