namespace Dm.ClusterSimulator.Store;

/// <summary>One servable resource: where it lives in the URL space and what discovery says about it.</summary>
internal sealed record ApiResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    bool HasStatus,
    IReadOnlyList<string> Categories)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The resource as Kubernetes names it in messages: <c>deployments.apps</c>, <c>configmaps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The kind as Kubernetes names it in Invalid messages: <c>Deployment.apps</c>, <c>ConfigMap</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>Storage identity, shared by every version of a group resource.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    /// <summary>Core v1 kinds carry no metadata.generation; every other group's kinds (and custom resources) do.</summary>
    public bool HasGeneration => Group.Length != 0;

    /// <summary>
    /// Leases refuse an update without <c>metadata.resourceVersion</c> (their strategy disallows unconditional updates)
    /// and create on update (PUT to a missing name, whatever resourceVersion the body carries), as on a real server;
    /// leader election relies on the first.
    /// </summary>
    public bool IsLease => Group == "coordination.k8s.io" && Kind == "Lease";

    public bool HasScale => Group == "apps" && Kind is "Deployment" or "StatefulSet" or "ReplicaSet";
}
