using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Dm.Kubernetes;

/// <summary>
/// Reads kubeconfig files the way kubectl does: <c>KUBECONFIG</c> may list several files (separated by ':' on Unix),
/// merged so that the first file to define a cluster, user or context name (or <c>current-context</c>) wins; relative
/// paths in an entry are resolved against the folder of the file that defined it.
/// </summary>
public static class KubeConfigLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>
    /// kubectl's default: the files in <c>KUBECONFIG</c> (missing ones skipped, at least one must exist), else
    /// <c>~/.kube/config</c>. Pass the values explicitly in tests.
    /// </summary>
    public static KubeConfig LoadDefault(string? kubeconfigVariable, string homeDirectory)
    {
        if (string.IsNullOrWhiteSpace(kubeconfigVariable))
        {
            return LoadFile(Path.Combine(homeDirectory, ".kube", "config"));
        }

        var listed = kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var existing = listed.Where(File.Exists).ToList();
        if (existing.Count == 0)
        {
            throw new KubeConfigException($"KUBECONFIG: none of the files exist: {string.Join(", ", listed)}");
        }

        return LoadFiles(existing);
    }

    /// <summary>Reads <c>KUBECONFIG</c> and <c>HOME</c> from the process environment.</summary>
    public static KubeConfig LoadDefault() =>
        LoadDefault(Environment.GetEnvironmentVariable("KUBECONFIG"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// The endpoint a deployer target names: an explicit kubeconfig file when given (a missing file is an error), else
    /// the in-cluster configuration when running in a pod and no context is asked for, else kubectl's default files;
    /// then the context (null: <c>current-context</c>).
    /// </summary>
    public static ClusterEndpoint ResolveEndpoint(string? kubeconfigPath, string? context)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            return LoadFile(kubeconfigPath).ResolveContext(context);
        }

        return string.IsNullOrEmpty(context) && InClusterConfig.IsAvailable()
            ? InClusterConfig.Load()
            : LoadDefault().ResolveContext(context);
    }

    /// <summary>Loads one file; a missing file is an error.</summary>
    public static KubeConfig LoadFile(string path) => LoadFiles([path]);

    /// <summary>Loads and merges files in order (first definition of a name wins). Every file must exist.</summary>
    public static KubeConfig LoadFiles(IReadOnlyList<string> paths)
    {
        var clusters = new Dictionary<string, KubeConfigCluster>(StringComparer.Ordinal);
        var users = new Dictionary<string, KubeConfigUser>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, KubeConfigContext>(StringComparer.Ordinal);
        string? current = null;
        var sources = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new KubeConfigException($"kubeconfig {full}: file does not exist");
            }

            string text;
            try
            {
                text = File.ReadAllText(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubeConfigException($"kubeconfig {full}: cannot read: {e.Message}", e);
            }

            var one = Parse(text, full);
            sources.Add(full);
            foreach (var (name, cluster) in one.Clusters)
            {
                clusters.TryAdd(name, cluster);
            }

            foreach (var (name, user) in one.Users)
            {
                users.TryAdd(name, user);
            }

            foreach (var (name, context) in one.Contexts)
            {
                contexts.TryAdd(name, context);
            }

            current ??= one.CurrentContext;
        }

        return new KubeConfig(clusters, users, contexts, current, sources);
    }

    /// <summary>Parses kubeconfig YAML; <paramref name="sourceFile"/> names it in errors and anchors relative paths.</summary>
    public static KubeConfig Parse(string yaml, string sourceFile)
    {
        KubeConfigDocument? document;
        try
        {
            document = Deserializer.Deserialize<KubeConfigDocument?>(yaml);
        }
        catch (YamlException e)
        {
            throw new KubeConfigException($"kubeconfig {sourceFile}: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }

        document ??= new KubeConfigDocument();
        var folder = Path.GetDirectoryName(Path.GetFullPath(sourceFile)) ?? Directory.GetCurrentDirectory();
        string? Resolve(string? path) => string.IsNullOrEmpty(path) ? null : Path.GetFullPath(Path.Combine(folder, ExpandHome(path)));
        string Where(string section, int index, string? name) => $"kubeconfig {sourceFile}: {section}[{index}]{(name is null ? string.Empty : $" \"{name}\"")}";

        var clusters = new Dictionary<string, KubeConfigCluster>(StringComparer.Ordinal);
        for (var i = 0; i < document.Clusters.Count; i++)
        {
            var entry = document.Clusters[i];
            var name = entry.Name ?? throw new KubeConfigException($"{Where("clusters", i, null)}: name is missing");
            var c = entry.Cluster ?? throw new KubeConfigException($"{Where("clusters", i, name)}: cluster is missing");
            if (string.IsNullOrEmpty(c.Server))
            {
                throw new KubeConfigException($"{Where("clusters", i, name)}: server is missing");
            }

            clusters.TryAdd(name, new KubeConfigCluster(name, c.Server, c.CertificateAuthorityData, Resolve(c.CertificateAuthority), c.InsecureSkipTlsVerify, c.TlsServerName, sourceFile));
        }

        var users = new Dictionary<string, KubeConfigUser>(StringComparer.Ordinal);
        for (var i = 0; i < document.Users.Count; i++)
        {
            var entry = document.Users[i];
            var name = entry.Name ?? throw new KubeConfigException($"{Where("users", i, null)}: name is missing");
            var u = entry.User ?? new UserDocument();
            ExecCredentialSpec? exec = null;
            if (u.Exec is { } e)
            {
                if (string.IsNullOrEmpty(e.Command))
                {
                    throw new KubeConfigException($"{Where("users", i, name)}: exec.command is missing");
                }

                var apiVersion = e.ApiVersion ?? string.Empty;
                if (apiVersion is not ("client.authentication.k8s.io/v1" or "client.authentication.k8s.io/v1beta1"))
                {
                    throw new KubeConfigException($"{Where("users", i, name)}: exec.apiVersion \"{apiVersion}\" is not supported (use client.authentication.k8s.io/v1 or v1beta1)");
                }

                var env = new List<KeyValuePair<string, string>>();
                foreach (var variable in e.Env)
                {
                    if (string.IsNullOrEmpty(variable.Name))
                    {
                        throw new KubeConfigException($"{Where("users", i, name)}: exec.env: an entry has no name");
                    }

                    env.Add(new(variable.Name, variable.Value ?? string.Empty));
                }

                exec = new ExecCredentialSpec(apiVersion, e.Command, e.Args, env, folder, e.ProvideClusterInfo, e.InstallHint);
            }

            users.TryAdd(name, new KubeConfigUser(
                name,
                u.Token,
                Resolve(u.TokenFile),
                u.ClientCertificateData,
                Resolve(u.ClientCertificate),
                u.ClientKeyData,
                Resolve(u.ClientKey),
                u.Username,
                u.Password,
                exec,
                sourceFile));
        }

        var contexts = new Dictionary<string, KubeConfigContext>(StringComparer.Ordinal);
        for (var i = 0; i < document.Contexts.Count; i++)
        {
            var entry = document.Contexts[i];
            var name = entry.Name ?? throw new KubeConfigException($"{Where("contexts", i, null)}: name is missing");
            var c = entry.Context ?? throw new KubeConfigException($"{Where("contexts", i, name)}: context is missing");
            if (string.IsNullOrEmpty(c.Cluster))
            {
                throw new KubeConfigException($"{Where("contexts", i, name)}: cluster is missing");
            }

            contexts.TryAdd(name, new KubeConfigContext(name, c.Cluster, c.User ?? string.Empty, c.Namespace, sourceFile));
        }

        return new KubeConfig(clusters, users, contexts, string.IsNullOrEmpty(document.CurrentContext) ? null : document.CurrentContext, [sourceFile]);
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;

    // YAML shapes of the kubeconfig file; only what DM uses.
    private sealed class KubeConfigDocument
    {
        [YamlMember(Alias = "current-context")]
        public string? CurrentContext { get; set; }

        [YamlMember(Alias = "clusters")]
        public List<NamedCluster> Clusters { get; set; } = [];

        [YamlMember(Alias = "users")]
        public List<NamedUser> Users { get; set; } = [];

        [YamlMember(Alias = "contexts")]
        public List<NamedContext> Contexts { get; set; } = [];
    }

    private sealed class NamedCluster
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "cluster")]
        public ClusterDocument? Cluster { get; set; }
    }

    private sealed class ClusterDocument
    {
        [YamlMember(Alias = "server")]
        public string? Server { get; set; }

        [YamlMember(Alias = "certificate-authority")]
        public string? CertificateAuthority { get; set; }

        [YamlMember(Alias = "certificate-authority-data")]
        public string? CertificateAuthorityData { get; set; }

        [YamlMember(Alias = "insecure-skip-tls-verify")]
        public bool InsecureSkipTlsVerify { get; set; }

        [YamlMember(Alias = "tls-server-name")]
        public string? TlsServerName { get; set; }
    }

    private sealed class NamedUser
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "user")]
        public UserDocument? User { get; set; }
    }

    private sealed class UserDocument
    {
        [YamlMember(Alias = "token")]
        public string? Token { get; set; }

        [YamlMember(Alias = "tokenFile")]
        public string? TokenFile { get; set; }

        [YamlMember(Alias = "client-certificate")]
        public string? ClientCertificate { get; set; }

        [YamlMember(Alias = "client-certificate-data")]
        public string? ClientCertificateData { get; set; }

        [YamlMember(Alias = "client-key")]
        public string? ClientKey { get; set; }

        [YamlMember(Alias = "client-key-data")]
        public string? ClientKeyData { get; set; }

        [YamlMember(Alias = "username")]
        public string? Username { get; set; }

        [YamlMember(Alias = "password")]
        public string? Password { get; set; }

        [YamlMember(Alias = "exec")]
        public ExecDocument? Exec { get; set; }
    }

    private sealed class ExecDocument
    {
        [YamlMember(Alias = "apiVersion")]
        public string? ApiVersion { get; set; }

        [YamlMember(Alias = "command")]
        public string? Command { get; set; }

        [YamlMember(Alias = "args")]
        public List<string> Args { get; set; } = [];

        [YamlMember(Alias = "env")]
        public List<ExecEnvDocument> Env { get; set; } = [];

        [YamlMember(Alias = "provideClusterInfo")]
        public bool ProvideClusterInfo { get; set; }

        [YamlMember(Alias = "installHint")]
        public string? InstallHint { get; set; }
    }

    private sealed class ExecEnvDocument
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "value")]
        public string? Value { get; set; }
    }

    private sealed class NamedContext
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "context")]
        public ContextDocument? Context { get; set; }
    }

    private sealed class ContextDocument
    {
        [YamlMember(Alias = "cluster")]
        public string? Cluster { get; set; }

        [YamlMember(Alias = "user")]
        public string? User { get; set; }

        [YamlMember(Alias = "namespace")]
        public string? Namespace { get; set; }
    }
}
