using System.Security.Cryptography.X509Certificates;

namespace Dm.Kubernetes;

/// <summary>
/// Everything needed to talk to one cluster, resolved from a kubeconfig context or the in-cluster configuration:
/// the server URL (a path prefix is kept), how to trust it, and how to authenticate.
/// </summary>
/// <param name="Server">API server base URL, e.g. <c>https://10.0.0.1:6443</c> or <c>https://proxy/k8s/clusters/c-1</c>.</param>
/// <param name="Name">Where it came from, for messages and logs: the context name or <c>in-cluster</c>.</param>
/// <param name="Namespace">The context's namespace (or the service account's), used when a manifest names none.</param>
/// <param name="CertificateAuthorities">CAs to trust instead of the system store; empty means the system store.</param>
/// <param name="InsecureSkipTlsVerify">Accept any server certificate (kubeconfig <c>insecure-skip-tls-verify</c>).</param>
/// <param name="TlsServerName">Name to validate the server certificate against instead of the URL's host.</param>
/// <param name="Credentials">The <c>Authorization</c> source.</param>
/// <param name="ClientCertificate">A TLS client certificate with its private key, or null.</param>
public sealed record ClusterEndpoint(
    Uri Server,
    string Name,
    string Namespace,
    IReadOnlyList<X509Certificate2> CertificateAuthorities,
    bool InsecureSkipTlsVerify,
    string? TlsServerName,
    ClusterCredentials Credentials,
    X509Certificate2? ClientCertificate)
{
    /// <summary>Shows the server and the kind of credentials, never key material.</summary>
    public override string ToString() =>
        $"ClusterEndpoint {{ Name = {Name}, Server = {Server}, Namespace = {Namespace}, Credentials = {Credentials}, ClientCertificate = {ClientCertificate?.Subject ?? "none"} }}";
}
