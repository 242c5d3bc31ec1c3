using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Deployer.Planning;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// Follows one environment's desired objects in its cluster's informers between rounds and wakes the environment's
/// worker when a round is worth running: an object DM applied was deleted, changed by someone else (its content hash or
/// a field DM applied differs: drift), or, while the environment is not Clean, a rolled-out object's status moved.
/// Its own applies echo back unchanged and wake nothing.
/// </summary>
internal sealed class EnvironmentWatch : IDisposable
{
    private readonly Dictionary<ResourceKey, DesiredObject> _desired;
    private readonly Action<string> _wake;
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _followHealth;

    public EnvironmentWatch(ClusterObjectCache cache, DesiredState desired, Action<string> wake)
    {
        Cache = cache;
        Desired = desired;
        _wake = wake;
        _desired = desired.Objects.ToDictionary(o => o.Key);
        foreach (var (group, kind, ns) in desired.Objects.Select(o => (o.Key.Group, o.Key.Kind, o.Key.Namespace)).Distinct())
        {
            _subscriptions.Add(cache.For(group, kind, ns).Subscribe((type, item) => OnChange(new ResourceKey(group, kind, ns, (string?)item["metadata"]?["name"] ?? string.Empty), type, item)));
        }
    }

    public ClusterObjectCache Cache { get; }

    public DesiredState Desired { get; }

    /// <summary>Whether status changes of rolled-out objects wake the worker (the environment is not Clean).</summary>
    public bool FollowHealth
    {
        get => _followHealth;
        set => _followHealth = value;
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void OnChange(ResourceKey key, WatchEventType type, JsonObject live)
    {
        if (!_desired.TryGetValue(key, out var desired))
        {
            return;
        }

        if (Why(desired, type, live, _followHealth) is { } reason)
        {
            _wake(reason);
        }
    }

    /// <summary>Why a change of a desired object needs a round, or null. Pure.</summary>
    internal static string? Why(DesiredObject desired, WatchEventType type, JsonObject live, bool followHealth)
    {
        if (type == WatchEventType.Deleted)
        {
            return "deleted";
        }

        if ((string?)live["metadata"]?["annotations"]?[DeployerAnnotations.ContentHash] != desired.Hash)
        {
            return "changed";
        }

        if (DriftDetector.Find(desired.Manifest, live) is not null)
        {
            return "drift";
        }

        return followHealth && ObjectHealth.HasRules(desired.Key) ? "health" : null;
    }
}
