namespace Dm.Kubernetes;

/// <summary>
/// Credentials could not be obtained at request time: an exec plugin failed or printed something unusable, or a token
/// file could not be read. The message names the plugin command or file, never the credential itself.
/// </summary>
public sealed class ClusterCredentialException : Exception
{
    public ClusterCredentialException()
    {
    }

    public ClusterCredentialException(string message)
        : base(message)
    {
    }

    public ClusterCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
