namespace Dm.Kubernetes;

/// <summary>
/// Discovery (refreshed just now) does not know the kind: the CRD is not installed, or the group/version is wrong.
/// E.g. <c>the cluster has no resource type for kind Widget in example.com/v1 (known versions of example.com: none)</c>.
/// </summary>
public sealed class UnknownResourceTypeException : Exception
{
    public UnknownResourceTypeException()
    {
    }

    public UnknownResourceTypeException(string message)
        : base(message)
    {
    }

    public UnknownResourceTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
