namespace Dm.Kubernetes;

/// <summary>
/// A kubeconfig <c>users[]</c> entry. File paths are already absolute (resolved against the folder of
/// <paramref name="SourceFile"/>). <c>ToString</c> never shows a secret.
/// </summary>
public sealed record KubeConfigUser(
    string Name,
    string? Token,
    string? TokenFile,
    string? ClientCertificateData,
    string? ClientCertificate,
    string? ClientKeyData,
    string? ClientKey,
    string? Username,
    string? Password,
    ExecCredentialSpec? Exec,
    string SourceFile)
{
    public override string ToString() =>
        $"KubeConfigUser {{ Name = {Name}, Token = {(Token is null ? "none" : "***")}, TokenFile = {TokenFile}, " +
        $"ClientCertificate = {ClientCertificate ?? (ClientCertificateData is null ? "none" : "inline")}, " +
        $"Username = {Username}, Exec = {Exec?.Command ?? "none"}, SourceFile = {SourceFile} }}";
}
