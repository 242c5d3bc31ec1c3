using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dm.Common.Kubernetes;

/// <summary>
/// Builds the one <see cref="SocketsHttpHandler"/> of a cluster connection: pooled connections, TLS trusting the
/// endpoint's CAs (an <see cref="X509Chain"/> with a custom trust store, host name still checked) or nothing at all
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

        if (endpoint.TlsServerName is { Length: > 0 } serverName)
        {
            handler.SslOptions.TargetHost = serverName;
        }

        var authorities = endpoint.CertificateAuthorities;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            endpoint.InsecureSkipTlsVerify || IsTrusted(certificate, chain, errors, authorities);

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

    private static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, IReadOnlyList<X509Certificate2> authorities)
    {
        if (authorities.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
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

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
