namespace Dm.Kubernetes;

/// <summary>
/// The request never got an answer from the API server (connection refused or reset, TLS failure, DNS, timeout), after
/// the retries allowed for it. Distinct from <see cref="KubernetesApiException"/>, where the server did answer.
/// </summary>
public sealed class KubernetesTransportException : Exception
{
    public KubernetesTransportException()
    {
    }

    public KubernetesTransportException(string message)
        : base(message)
    {
    }

    public KubernetesTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
