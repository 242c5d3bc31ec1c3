namespace Dm.Kubernetes;

/// <summary>
/// A loaded (possibly merged) kubeconfig: clusters, users and contexts by name and the current context.
/// <see cref="ResolveContext"/> turns one context into a <see cref="ClusterEndpoint"/>.
/// </summary>
public sealed record KubeConfig(
    IReadOnlyDictionary<string, KubeConfigCluster> Clusters,
    IReadOnlyDictionary<string, KubeConfigUser> Users,
    IReadOnlyDictionary<string, KubeConfigContext> Contexts,
    string? CurrentContext,
    IReadOnlyList<string> SourceFiles)
{
    /// <summary>How often a <c>tokenFile</c> is re-read (kubectl re-reads it about once a minute).</summary>
    public static readonly TimeSpan TokenFileRefreshInterval = TimeSpan.FromMinutes(1);

    private string Where => SourceFiles.Count == 1 ? $"kubeconfig {SourceFiles[0]}" : $"kubeconfig [{string.Join(", ", SourceFiles)}]";

    /// <summary>
    /// Resolves a context (null: <c>current-context</c>) into an endpoint: decodes CA and client certificate material,
    /// reads referenced files. Throws <see cref="KubeConfigException"/> naming the file, entry and field on any problem.
    /// </summary>
    public ClusterEndpoint ResolveContext(string? contextName = null)
    {
        var name = contextName ?? CurrentContext;
        if (string.IsNullOrEmpty(name))
        {
            throw new KubeConfigException($"{Where}: no context given and current-context is not set (contexts: {Names(Contexts.Keys)})");
        }

        if (!Contexts.TryGetValue(name, out var context))
        {
            throw new KubeConfigException($"{Where}: context \"{name}\" not found (contexts: {Names(Contexts.Keys)})");
        }

        if (!Clusters.TryGetValue(context.Cluster, out var cluster))
        {
            throw new KubeConfigException($"kubeconfig {context.SourceFile}: context \"{name}\": cluster \"{context.Cluster}\" not found (clusters: {Names(Clusters.Keys)})");
        }

        KubeConfigUser? user = null;
        if (context.User.Length > 0 && !Users.TryGetValue(context.User, out user))
        {
            throw new KubeConfigException($"kubeconfig {context.SourceFile}: context \"{name}\": user \"{context.User}\" not found (users: {Names(Users.Keys)})");
        }

        var clusterWhere = $"kubeconfig {cluster.SourceFile}: cluster \"{cluster.Name}\"";
        if (!Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new KubeConfigException($"{clusterWhere}: server: \"{cluster.Server}\" is not an http(s) URL");
        }

        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> authorities = [];
        if (cluster.CertificateAuthorityData is { Length: > 0 } caData)
        {
            authorities = PemMaterial.Certificates(PemMaterial.DecodeData(caData, $"{clusterWhere}: certificate-authority-data"), $"{clusterWhere}: certificate-authority-data");
        }
        else if (cluster.CertificateAuthority is { Length: > 0 } caFile)
        {
            authorities = PemMaterial.Certificates(PemMaterial.ReadFile(caFile, $"{clusterWhere}: certificate-authority"), $"{clusterWhere}: certificate-authority {caFile}");
        }

        var (credentials, certificate) = user is null ? (new ClusterCredentials.Anonymous(), null) : ResolveUser(user);
        return new ClusterEndpoint(
            server,
            name,
            string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
            authorities,
            cluster.InsecureSkipTlsVerify,
            cluster.TlsServerName,
            credentials,
            certificate);
    }

    private static (ClusterCredentials Credentials, System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate) ResolveUser(KubeConfigUser user)
    {
        var where = $"kubeconfig {user.SourceFile}: user \"{user.Name}\"";
        string? certificatePem = user.ClientCertificateData is { Length: > 0 } certData
            ? PemMaterial.DecodeData(certData, $"{where}: client-certificate-data")
            : user.ClientCertificate is { Length: > 0 } certFile ? PemMaterial.ReadFile(certFile, $"{where}: client-certificate") : null;
        string? keyPem = user.ClientKeyData is { Length: > 0 } keyData
            ? PemMaterial.DecodeData(keyData, $"{where}: client-key-data")
            : user.ClientKey is { Length: > 0 } keyFile ? PemMaterial.ReadFile(keyFile, $"{where}: client-key") : null;

        if ((certificatePem is null) != (keyPem is null))
        {
            throw new KubeConfigException(certificatePem is null
                ? $"{where}: client-key is set but client-certificate is missing"
                : $"{where}: client-certificate is set but client-key is missing");
        }

        var certificate = certificatePem is null ? null : PemMaterial.ClientCertificate(certificatePem, keyPem!, where);

        ClusterCredentials credentials = user switch
        {
            { Exec: { } exec } => new ClusterCredentials.Exec(exec),
            { Token: { Length: > 0 } token } => new ClusterCredentials.BearerToken(token),
            { TokenFile: { Length: > 0 } tokenFile } => File.Exists(tokenFile)
                ? new ClusterCredentials.BearerTokenFile(tokenFile, TokenFileRefreshInterval)
                : throw new KubeConfigException($"{where}: tokenFile: file {tokenFile} does not exist"),
            { Username: { Length: > 0 } username } => new ClusterCredentials.Basic(username, user.Password ?? string.Empty),
            _ => new ClusterCredentials.Anonymous(),
        };
        return (credentials, certificate);
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
