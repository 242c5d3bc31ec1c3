using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Health;

/// <summary>Health of any object: the kind's rules where DM has them, healthy once applied otherwise. Pure.</summary>
public static class ObjectHealth
{
    public static HealthStatus Assess(ResourceKey key, JsonObject live) => (key.Group, key.Kind) switch
    {
        ("apps", "Deployment") => DeploymentHealth.Assess(live),
        ("apps", "StatefulSet") => StatefulSetHealth.Assess(live),
        ("apps", "DaemonSet") => DaemonSetHealth.Assess(live),
        ("batch", "Job") => JobHealth.Assess(live),
        ("", "PersistentVolumeClaim") => PersistentVolumeClaimHealth.Assess(live),
        _ => HealthStatus.Healthy("applied"),
    };

    /// <summary>Whether the kind has health rules (its status is followed after apply).</summary>
    public static bool HasRules(ResourceKey key) => (key.Group, key.Kind) is ("apps", "Deployment") or ("apps", "StatefulSet")
        or ("apps", "DaemonSet") or ("batch", "Job") or ("", "PersistentVolumeClaim");
}
