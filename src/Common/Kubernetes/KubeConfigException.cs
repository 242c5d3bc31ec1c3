namespace Dm.Kubernetes;

/// <summary>
/// A kubeconfig (or in-cluster configuration) that cannot be used: a missing file or context, a bad PEM, a missing field.
/// The message names the file and the entry, e.g. <c>kubeconfig /home/me/.kube/config: user "dev": client-key-data: ...</c>.
/// </summary>
public sealed class KubeConfigException : Exception
{
    public KubeConfigException()
    {
    }

    public KubeConfigException(string message)
        : base(message)
    {
    }

    public KubeConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
