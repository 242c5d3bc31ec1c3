using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Domain;

namespace Dm.Deployer;

/// <summary>
/// What the deployer knows of each kind, in one table: the rank it is applied in (pruned in reverse: Namespaces, CRDs,
/// RBAC and service accounts, ConfigMaps and Secrets, PersistentVolumeClaims, Services, workloads, then everything
/// else — so what an object refers to exists before it) and the health rule its rollout is assessed by (none: healthy
/// once applied). Pure.
/// </summary>
public static class KindTable
{
    /// <summary>The rank of a kind the table does not name.</summary>
    public const int OtherRank = 8;

    private static readonly FrozenDictionary<(string Group, string Kind), KindRules> Kinds = new KindRules[]
    {
        new(string.Empty, "Namespace", 0),
        new("apiextensions.k8s.io", "CustomResourceDefinition", 1),
        new(string.Empty, "ServiceAccount", 2),
        new("rbac.authorization.k8s.io", "ClusterRole", 2),
        new("rbac.authorization.k8s.io", "ClusterRoleBinding", 3),
        new("rbac.authorization.k8s.io", "Role", 2),
        new("rbac.authorization.k8s.io", "RoleBinding", 3),
        new(string.Empty, "ConfigMap", 4),
        new(string.Empty, "Secret", 4),
        new(string.Empty, "PersistentVolumeClaim", 5, PersistentVolumeClaimHealth.Assess),
        new(string.Empty, "Service", 6),
        new("apps", "Deployment", 7, DeploymentHealth.Assess),
        new("apps", "StatefulSet", 7, StatefulSetHealth.Assess),
        new("apps", "DaemonSet", 7, DaemonSetHealth.Assess),
        new("batch", "Job", 7, JobHealth.Assess),
        new("batch", "CronJob", 7),
    }.ToFrozenDictionary(k => (k.Group, k.Kind));

    /// <summary>The apply rank of the key's kind: lower is applied first and pruned last.</summary>
    public static int ApplyRank(ResourceKey key) => Kinds.TryGetValue((key.Group, key.Kind), out var rules) ? rules.ApplyRank : OtherRank;

    /// <summary>The health rule of the key's kind, or null when it has none.</summary>
    public static Func<JsonObject, HealthStatus>? HealthRule(ResourceKey key) => Kinds.GetValueOrDefault((key.Group, key.Kind))?.Health;

    /// <summary>One row of the table.</summary>
    private sealed record KindRules(string Group, string Kind, int ApplyRank, Func<JsonObject, HealthStatus>? Health = null);
}
