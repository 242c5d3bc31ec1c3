using System.Collections.Concurrent;
using Dm.Kubernetes;
using Dm.ResourceRepo;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// One Kubernetes client per (kubeconfig, context) pair that deployer targets name, created on first use. A target whose
/// kubeconfig cannot be resolved throws <see cref="KubeConfigException"/> each time (nothing is cached), so fixing the
/// file is picked up without a restart. Each client has one <see cref="ClusterObjectCache"/> shared by the environments
/// on that cluster.
/// </summary>
public sealed class ClusterConnections(DeployerOptions options, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<(string? Kubeconfig, string? Context), IClusterClient> _clients = new();
    private readonly ConcurrentDictionary<IClusterClient, ClusterObjectCache> _caches = new();
    private readonly Lock _lock = new();

    /// <summary>Retry and timeout settings for cluster requests, from the options.</summary>
    public KubernetesClientOptions ClientOptions { get; } = new()
    {
        Retry = new RetryPolicy(options.ClusterRequestAttempts, TimeSpan.FromMilliseconds(100), options.ClusterRetryMaxDelay, options.ClusterRetryMaxDelay),
        RequestTimeout = options.ClusterRequestTimeout,
    };

    public IClusterClient For(DeployerTarget target)
    {
        var kubeconfig = string.IsNullOrEmpty(target.Kubeconfig) ? options.Kubeconfig : target.Kubeconfig;
        var key = (string.IsNullOrEmpty(kubeconfig) ? null : kubeconfig, target.Context);
        if (_clients.TryGetValue(key, out var existing))
        {
            return existing;
        }

        lock (_lock)
        {
            if (_clients.TryGetValue(key, out existing))
            {
                return existing;
            }

            var endpoint = KubeConfigLoader.ResolveEndpoint(key.Item1, key.Context);
            var client = new KubernetesRestClient(endpoint, ClientOptions, time, loggers.CreateLogger<KubernetesRestClient>());
            _clients[key] = client;
            return client;
        }
    }

    /// <summary>The in-memory objects of the target's cluster (informers started on first use), with its client.</summary>
    public ClusterObjectCache CacheFor(DeployerTarget target)
    {
        var client = For(target);
        return _caches.GetOrAdd(client, c => new ClusterObjectCache(c, time, loggers, ClusterObjectCache.TrimManagedFields));
    }

    /// <summary>The (group, kind, namespace) of every running informer, on all clusters.</summary>
    public IReadOnlyList<(string Group, string Kind, string Namespace)> RunningInformers => [.. _caches.Values.SelectMany(c => c.Running)];

    /// <summary>Stops, on every cluster, the informers no environment subscribed to or read in the last <paramref name="idleFor"/>.</summary>
    public int StopIdleInformers(TimeSpan idleFor) => _caches.Values.Sum(cache => cache.StopIdle(idleFor).Count);

    public void Dispose()
    {
        foreach (var cache in _caches.Values)
        {
            cache.Dispose();
        }

        _caches.Clear();
        foreach (var client in _clients.Values.OfType<IDisposable>())
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}
