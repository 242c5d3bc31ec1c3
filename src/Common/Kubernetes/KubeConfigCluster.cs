namespace Dm.Kubernetes;

/// <summary>
/// A kubeconfig <c>clusters[]</c> entry. <paramref name="CertificateAuthority"/> is already an absolute path (relative
/// paths are resolved against the folder of <paramref name="SourceFile"/>).
/// </summary>
public sealed record KubeConfigCluster(
    string Name,
    string Server,
    string? CertificateAuthorityData,
    string? CertificateAuthority,
    bool InsecureSkipTlsVerify,
    string? TlsServerName,
    string SourceFile);
