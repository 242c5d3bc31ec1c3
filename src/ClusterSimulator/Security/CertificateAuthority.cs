using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dm.ClusterSimulator.Security;

/// <summary>A throw-away CA that signs the simulator's server certificate and client certificates.</summary>
internal sealed class CertificateAuthority : IDisposable
{
    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    public CertificateAuthority(string clusterName, TimeProvider time)
    {
        _time = time;
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterName}-ca", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        Certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        CertificatePem = Certificate.ExportCertificatePem();
    }

    /// <summary>Signs with the given CA (its certificate and ECDSA private key) instead of generating one.</summary>
    public CertificateAuthority(X509Certificate2 authority, TimeProvider time)
    {
        _time = time;
        _key = authority.GetECDsaPrivateKey() ?? throw new ArgumentException("The simulator's certificate authority needs its ECDSA private key", nameof(authority));
        Certificate = X509CertificateLoader.LoadCertificate(authority.RawData);
        CertificatePem = Certificate.ExportCertificatePem();
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var signed = Sign(request);
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public ClientCertificate IssueClientCertificate(string user, IReadOnlyList<string> groups)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = "CN=" + user + string.Concat(groups.Select(g => ", O=" + g));
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var signed = Sign(request);
        return new ClientCertificate(signed.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>True when the certificate chains to this CA.</summary>
    public bool Verify(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Sign(CertificateRequest request)
    {
        var now = _time.GetUtcNow();
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddDays(-1), now.AddDays(364), serial);
    }
}
