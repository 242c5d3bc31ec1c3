using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Dm.Kubernetes;

/// <summary>Turns PEM text (inline base64 kubeconfig data or files) into certificates, with errors that say what was wrong.</summary>
internal static class PemMaterial
{
    /// <summary>Decodes a kubeconfig <c>*-data</c> field: base64 of PEM text.</summary>
    public static string DecodeData(string base64, string where)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            throw new KubeConfigException($"{where}: not valid base64");
        }
    }

    public static string ReadFile(string path, string where)
    {
        if (!File.Exists(path))
        {
            throw new KubeConfigException($"{where}: file {path} does not exist");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"{where}: cannot read {path}: {e.Message}", e);
        }
    }

    public static IReadOnlyList<X509Certificate2> Certificates(string pem, string where)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException($"{where}: not a valid PEM certificate: {e.Message}", e);
        }

        if (collection.Count == 0)
        {
            throw new KubeConfigException($"{where}: no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }

        return [.. collection];
    }

    public static X509Certificate2 ClientCertificate(string certificatePem, string keyPem, string where)
    {
        if (!certificatePem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new KubeConfigException($"{where}: client certificate: no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new KubeConfigException($"{where}: client key: no PEM private key (-----BEGIN ... PRIVATE KEY-----) found");
        }

        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);

            // A PKCS#12 round trip gives the key a form every platform's TLS stack accepts for client authentication.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KubeConfigException($"{where}: client certificate and key are not a usable PEM pair: {e.Message}", e);
        }
    }
}
