using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Dm.ClusterSimulator.Tests;

/// <summary>TLS with the generated CA, bearer tokens and client certificates.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Bearer_tokens_are_required_when_configured()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, UseTls = true, Auth = SimulatorAuthMode.BearerToken, BearerTokens = ["s3cret"] });
        using var client = new ApiClient(simulator, TrustingHandler(simulator));

        var (anonymous, status) = await client.GetAsync("/api/v1/namespaces");
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        var (wrong, _) = await client.GetAsync("/api/v1/namespaces");
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret");
        var (right, _) = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal("https", simulator.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("Unauthorized", (string?)status["reason"]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.OK, right);
    }

    [Fact]
    public async Task Client_certificates_from_the_simulator_CA_are_accepted_and_others_are_not()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, UseTls = true, Auth = SimulatorAuthMode.ClientCertificate });
        var issued = simulator.IssueClientCertificate("alice", "devs");
        using var certificate = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.PrivateKeyPem);
        using var exportable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var withCertificate = TrustingHandler(simulator);
        withCertificate.SslOptions.ClientCertificates = [exportable];
        using var authenticated = new ApiClient(simulator, withCertificate);
        using var anonymous = new ApiClient(simulator, TrustingHandler(simulator));

        Assert.Equal(HttpStatusCode.OK, (await authenticated.GetAsync("/api/v1/namespaces")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/namespaces")).Code);
        Assert.Contains("CN=alice", exportable.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_certificate_chains_to_the_exposed_CA()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, UseTls = true });
        using var ca = X509Certificate2.CreateFromPem(simulator.CertificateAuthorityPem);
        var chainValid = false;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chainValid = chain.Build(new X509Certificate2(certificate!));
            return chainValid;
        };
        using var client = new ApiClient(simulator, handler);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/version")).Code);
        Assert.True(chainValid);
    }

    private static SocketsHttpHandler TrustingHandler(ClusterSimulator simulator)
    {
        var ca = X509Certificate2.CreateFromPem(simulator.CertificateAuthorityPem);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate!));
        };
        return handler;
    }
}
