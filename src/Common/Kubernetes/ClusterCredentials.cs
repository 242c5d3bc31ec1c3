namespace Dm.Kubernetes;

/// <summary>
/// How requests prove who they are (besides a TLS client certificate, which <see cref="ClusterEndpoint"/> carries):
/// a closed set matched with <c>switch</c>. <c>ToString</c> never shows a secret.
/// </summary>
public abstract record ClusterCredentials
{
    private ClusterCredentials()
    {
    }

    /// <summary>No <c>Authorization</c> header (client certificate only, or an open server).</summary>
    public sealed record Anonymous : ClusterCredentials;

    /// <summary>A fixed bearer token (kubeconfig <c>token</c>).</summary>
    public sealed record BearerToken(string Token) : ClusterCredentials
    {
        public override string ToString() => "BearerToken { Token = *** }";
    }

    /// <summary>
    /// A bearer token read from a file and re-read every <paramref name="RefreshInterval"/> (kubeconfig <c>tokenFile</c>,
    /// the in-cluster service-account token, which the kubelet rotates) and after a 401.
    /// </summary>
    public sealed record BearerTokenFile(string Path, TimeSpan RefreshInterval) : ClusterCredentials;

    /// <summary>HTTP basic auth (kubeconfig <c>username</c>/<c>password</c>).</summary>
    public sealed record Basic(string Username, string Password) : ClusterCredentials
    {
        public override string ToString() => $"Basic {{ Username = {Username}, Password = *** }}";
    }

    /// <summary>An exec credential plugin; its token (or client certificate) is cached until it expires and re-run on a 401.</summary>
    public sealed record Exec(ExecCredentialSpec Spec) : ClusterCredentials;
}
