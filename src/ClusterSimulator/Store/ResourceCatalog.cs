using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>The built-in resources plus those added by CustomResourceDefinitions. Thread-safe.</summary>
internal sealed class ResourceCatalog
{
    private static readonly string[] All = ["all"];
    private readonly Lock _gate = new();
    private readonly List<ApiResourceType> _builtIn;
    private readonly Dictionary<string, List<ApiResourceType>> _custom = new(StringComparer.Ordinal);

    public ResourceCatalog()
    {
        _builtIn =
        [
            Core("namespaces", "Namespace", false, ["ns"], true),
            Core("configmaps", "ConfigMap", true, ["cm"], false),
            Core("secrets", "Secret", true, [], false),
            Core("services", "Service", true, ["svc"], true, All),
            Core("pods", "Pod", true, ["po"], true, All),
            Core("serviceaccounts", "ServiceAccount", true, ["sa"], false),
            Core("persistentvolumeclaims", "PersistentVolumeClaim", true, ["pvc"], true),
            Core("events", "Event", true, ["ev"], false),
            Core("nodes", "Node", false, ["no"], true),
            Type("apps", "v1", "deployments", "Deployment", true, ["deploy"], true, All),
            Type("apps", "v1", "statefulsets", "StatefulSet", true, ["sts"], true, All),
            Type("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"], true, All),
            Type("apps", "v1", "replicasets", "ReplicaSet", true, ["rs"], true, All),
            Type("batch", "v1", "jobs", "Job", true, [], true, All),
            Type("batch", "v1", "cronjobs", "CronJob", true, ["cj"], true, All),
            Type("networking.k8s.io", "v1", "ingresses", "Ingress", true, ["ing"], true),
            Type("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ["netpol"], false),
            Type("rbac.authorization.k8s.io", "v1", "roles", "Role", true, [], false),
            Type("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, [], false),
            Type("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, [], false),
            Type("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, [], false),
            Type("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"], true),
            Type("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ["hpa"], true, All),
            Type("coordination.k8s.io", "v1", "leases", "Lease", true, [], false),
            Type("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, ["crd", "crds"], true),
        ];
    }

    public IReadOnlyList<ApiResourceType> Snapshot()
    {
        lock (_gate)
        {
            return [.. _builtIn, .. _custom.Values.SelectMany(v => v)];
        }
    }

    public ApiResourceType? Find(string group, string version, string plural)
    {
        foreach (var type in Snapshot())
        {
            if (type.Group == group && type.Version == version && type.Plural == plural)
            {
                return type;
            }
        }

        return null;
    }

    public ApiResourceType? FindByKind(string group, string version, string kind)
        => Snapshot().FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);

    /// <summary>Registers (or re-registers) the resources a CustomResourceDefinition serves.</summary>
    public void Register(JsonObject crd)
    {
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>();
        var plural = names?["plural"]?.GetValue<string>();
        var kind = names?["kind"]?.GetValue<string>();
        if (spec is null || names is null || group is null || plural is null || kind is null)
        {
            return;
        }

        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var shortNames = (names["shortNames"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        var types = new List<ApiResourceType>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var hasStatus = version["subresources"]?["status"] is not null;
            types.Add(new ApiResourceType(group, version["name"]!.GetValue<string>(), plural, singular, kind, namespaced, shortNames, hasStatus, categories));
        }

        lock (_gate)
        {
            _custom[name] = types;
        }
    }

    public IReadOnlyList<ApiResourceType> Unregister(string crdName)
    {
        lock (_gate)
        {
            return _custom.Remove(crdName, out var types) ? types : [];
        }
    }

    private static ApiResourceType Core(string plural, string kind, bool namespaced, string[] shortNames, bool hasStatus, string[]? categories = null)
        => Type(string.Empty, "v1", plural, kind, namespaced, shortNames, hasStatus, categories);

    private static ApiResourceType Type(string group, string version, string plural, string kind, bool namespaced, string[] shortNames, bool hasStatus, string[]? categories = null)
        => new(group, version, plural, kind.ToLowerInvariant(), kind, namespaced, shortNames, hasStatus, categories ?? []);
}
