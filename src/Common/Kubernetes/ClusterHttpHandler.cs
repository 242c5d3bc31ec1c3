using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Dm.Kubernetes;

/// <summary>
/// Builds the one <see cref="SocketsHttpHandler"/> of a cluster connection: pooled connections, TLS trusting the
/// endpoint's CAs (an <see cref="X509Chain"/> with a custom trust store; the host name, or <c>tls-server-name</c>, still
/// checked) or nothing at all
/// with <c>insecure-skip-tls-verify</c>, and the client certificate (static, or an exec plugin's current one).
/// </summary>
internal static class ClusterHttpHandler
{
    /// <param name="lastRejection">Receives why the last server certificate was refused, for the error message
    /// (the handshake itself only says that the validation callback refused it).</param>
    public static SocketsHttpHandler Create(ClusterEndpoint endpoint, ClusterAuthorization authorization, StrongBox<string?> lastRejection)
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
        {
            if (endpoint.InsecureSkipTlsVerify)
            {
                return true;
            }

            var rejection = Rejection(certificate, chain, errors, authorities, endpoint.Server.IdnHost, serverName);
            if (rejection is not null)
            {
                Volatile.Write(ref lastRejection.Value, rejection);
            }

            return rejection is null;
        };

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

    /// <summary>Why the server certificate is not to be trusted, or null when it is.</summary>
    internal static string? Rejection(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, IReadOnlyList<X509Certificate2> authorities, string host, string? serverName)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the server presented no certificate";
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());

        // SocketsHttpHandler checks the name against the URL's host; with tls-server-name the certificate must match
        // that name instead (SNI still carries the URL's host).
        if (serverName is not null && !leaf.MatchesHostname(serverName))
        {
            return $"the server certificate ({Names(leaf)}) is not valid for tls-server-name \"{serverName}\"";
        }

        if (serverName is null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the server certificate ({Names(leaf)}) is not valid for host \"{host}\" (set tls-server-name if the server is known by another name)";
        }

        if (authorities.Count == 0)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                ? null
                : $"the server certificate ({leaf.Subject}, issued by {leaf.Issuer}) is not trusted by the system store{ChainStatus(presented)} (set certificate-authority in the kubeconfig)";
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

        return chain.Build(leaf)
            ? null
            : $"the server certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the kubeconfig's certificate authority ({string.Join("; ", authorities.Select(a => a.Subject))}){ChainStatus(chain)}";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = san is null
            ? []
            : san.EnumerateDnsNames().Select(n => "DNS:" + n).Concat(san.EnumerateIPAddresses().Select(a => "IP:" + a)).ToList();
        return names.Count > 0 ? "names " + string.Join(", ", names) : certificate.Subject;
    }

    private static string ChainStatus(X509Chain? chain)
    {
        var status = chain?.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct().ToList() ?? [];
        return status.Count > 0 ? ": " + string.Join("; ", status) : string.Empty;
    }
}
