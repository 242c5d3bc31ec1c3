namespace Dm.ResourceRepo;

/// <summary>One entry of <c>deployers.yaml</c>: where an environment is deployed.</summary>
/// <param name="Environment">The environment (folder) name.</param>
/// <param name="Type">Deployer type; only <c>Kubernetes</c> exists.</param>
/// <param name="Context">kubeconfig context, or null for the current one.</param>
/// <param name="Namespace">Namespace for manifests that name none.</param>
/// <param name="Kubeconfig">Path of a kubeconfig file, or null for the daemon's default.</param>
/// <param name="Prune">Whether objects that left the repo are deleted.</param>
/// <param name="CreateNamespace">Whether the deployer creates <see cref="Namespace"/> when it is missing.</param>
public sealed record DeployerTarget(
    string Environment,
    string Type,
    string? Context,
    string Namespace,
    string? Kubeconfig,
    bool Prune,
    bool CreateNamespace);
