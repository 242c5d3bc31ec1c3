using System.Security.Cryptography.X509Certificates;

namespace Dm.Kubernetes;

/// <summary>What an exec credential plugin printed: a token and/or a client certificate, and when it expires (null: until a 401).</summary>
internal sealed record ExecCredential(string? Token, X509Certificate2? ClientCertificate, DateTimeOffset? Expiration)
{
    public override string ToString() => $"ExecCredential {{ Token = {(Token is null ? "none" : "***")}, Expiration = {Expiration} }}";
}
