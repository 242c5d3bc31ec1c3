using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

/// <summary>Why a server certificate is refused, as the TLS error message says it (the handshake only says "rejected").</summary>
public sealed class ServerCertificateRejectionTests : IDisposable
{
    private readonly X509Certificate2 _ca = TestCertificates.Authority("private-ca");
    private readonly X509Certificate2 _server;

    public ServerCertificateRejectionTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("api.internal.example");
        san.AddIpAddress(System.Net.IPAddress.Parse("10.0.0.1"));
        request.CertificateExtensions.Add(san.Build());
        _server = request.Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3]);
    }

    public void Dispose()
    {
        _server.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public void A_certificate_chaining_to_the_CA_with_the_expected_name_is_trusted()
    {
        Assert.Null(ClusterHttpHandler.Rejection(_server, null, SslPolicyErrors.RemoteCertificateChainErrors, [_ca], "api.internal.example", null));
        Assert.Null(ClusterHttpHandler.Rejection(_server, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, [_ca], "10.9.9.9", "api.internal.example"));
    }

    [Fact]
    public void A_host_the_certificate_does_not_carry_names_what_it_does_carry()
        => Assert.Equal(
            "the server certificate (names DNS:api.internal.example, IP:10.0.0.1) is not valid for host \"10.9.9.9\" (set tls-server-name if the server is known by another name)",
            ClusterHttpHandler.Rejection(_server, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, [_ca], "10.9.9.9", null));

    [Fact]
    public void A_certificate_from_another_CA_names_both()
    {
        using var other = TestCertificates.Authority("other-ca");

        var rejection = ClusterHttpHandler.Rejection(_server, null, SslPolicyErrors.RemoteCertificateChainErrors, [other], "api.internal.example", null);

        Assert.StartsWith("the server certificate (CN=kube-apiserver, issued by CN=private-ca) does not chain to the kubeconfig's certificate authority (CN=other-ca)", rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_CA_the_system_store_decides_and_the_message_points_at_certificate_authority()
    {
        var rejection = ClusterHttpHandler.Rejection(_server, null, SslPolicyErrors.RemoteCertificateChainErrors, [], "api.internal.example", null);

        Assert.Equal("the server certificate (CN=kube-apiserver, issued by CN=private-ca) is not trusted by the system store (set certificate-authority in the kubeconfig)", rejection);
    }

    [Fact]
    public void No_certificate_is_refused()
        => Assert.Equal("the server presented no certificate", ClusterHttpHandler.Rejection(null, null, SslPolicyErrors.RemoteCertificateNotAvailable, [_ca], "api.internal.example", null));
}
