namespace Dm.Kubernetes;

/// <summary>A kubeconfig <c>contexts[]</c> entry: which cluster, which user, which default namespace.</summary>
public sealed record KubeConfigContext(string Name, string Cluster, string User, string? Namespace, string SourceFile);
