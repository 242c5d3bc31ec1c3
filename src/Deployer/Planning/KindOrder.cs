using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>
/// The order objects are applied in (pruned in reverse): Namespaces, CRDs, RBAC and service accounts, ConfigMaps and
/// Secrets, Services, workloads, then everything else — so what an object refers to exists before it.
/// </summary>
public static class KindOrder
{
    public static int Rank(ResourceKey key) => Rank(key.Group, key.Kind);

    public static int Rank(string group, string kind) => (group, kind) switch
    {
        ("", "Namespace") => 0,
        ("apiextensions.k8s.io", "CustomResourceDefinition") => 1,
        ("", "ServiceAccount") => 2,
        ("rbac.authorization.k8s.io", "ClusterRole") => 2,
        ("rbac.authorization.k8s.io", "ClusterRoleBinding") => 3,
        ("rbac.authorization.k8s.io", "Role") => 2,
        ("rbac.authorization.k8s.io", "RoleBinding") => 3,
        ("", "ConfigMap") => 4,
        ("", "Secret") => 4,
        ("", "PersistentVolumeClaim") => 5,
        ("", "Service") => 6,
        ("apps", "Deployment") => 7,
        ("apps", "StatefulSet") => 7,
        ("apps", "DaemonSet") => 7,
        ("batch", "Job") => 7,
        ("batch", "CronJob") => 7,
        _ => 8,
    };
}
