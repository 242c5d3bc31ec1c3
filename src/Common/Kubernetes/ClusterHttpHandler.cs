using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dm.Common.Kubernetes;

/// <summary>
/// Builds the one <see cref="SocketsHttpHandler"/> of a cluster connection: pooled connections, TLS trusting the
/// endpoint's CAs (an <see cref="X509Chain"/> with a custom trust store; the host name, or <c>tls-server-name</c>, still
/// checked) or nothing at all
/// with <c>insecure-skip-tls-verify</c>, and the client certificate (static, or an exec plugin's current one).
/// </summary>
internal static class ClusterHttpHandler
{
    public static SocketsHttpHandler Create(ClusterEndpoint endpoint, ClusterAuthorization authorization)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.GZip,
            EnableMultipleHttp2Connections = true,
            UseCookies = false,
        };

        var authorities = endpoint.CertificateAuthorities;
        var serverName = string.IsNullOrEmpty(endpoint.TlsServerName) ? null : endpoint.TlsServerName;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            endpoint.InsecureSkipTlsVerify || IsTrusted(certificate, chain, errors, authorities, serverName);

        if (authorization.HasDynamicClientCertificate)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => authorization.ClientCertificate!;
        }
        else if (endpoint.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return handler;
    }

    private static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, IReadOnlyList<X509Certificate2> authorities, string? serverName)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());

        // SocketsHttpHandler checks the name against the URL's host; with tls-server-name the certificate must match
        // that name instead (SNI still carries the URL's host).
        if (serverName is null ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 : !leaf.MatchesHostname(serverName))
        {
            return false;
        }

        if (authorities.Count == 0)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var authority in authorities)
        {
            chain.ChainPolicy.CustomTrustStore.Add(authority);
        }

        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
