namespace Dm.Kubernetes;

/// <summary>
/// The configuration a pod gets from Kubernetes: the service-account token (re-read periodically, the kubelet rotates
/// it), its CA and namespace under <see cref="DefaultDirectory"/>, and the API server address from
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>KUBERNETES_SERVICE_PORT</c>. Paths and variables are parameters so tests can inject them.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when the process runs in a pod (the service host variable and the token file are present).</summary>
    public static bool IsAvailable(string serviceAccountDirectory = DefaultDirectory) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && File.Exists(Path.Combine(serviceAccountDirectory, "token"));

    /// <summary>Reads the process environment and <see cref="DefaultDirectory"/>.</summary>
    public static ClusterEndpoint Load() =>
        Load(DefaultDirectory, Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"), Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));

    public static ClusterEndpoint Load(string serviceAccountDirectory, string? serviceHost, string? servicePort, TimeSpan? tokenRefreshInterval = null)
    {
        if (string.IsNullOrEmpty(serviceHost) || string.IsNullOrEmpty(servicePort))
        {
            throw new KubeConfigException("in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (is this process running in a pod?)");
        }

        var tokenPath = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new KubeConfigException($"in-cluster config: service-account token {tokenPath} does not exist");
        }

        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        var authorities = PemMaterial.Certificates(PemMaterial.ReadFile(caPath, "in-cluster config: ca.crt"), $"in-cluster config: {caPath}");

        var namespacePath = Path.Combine(serviceAccountDirectory, "namespace");
        var @namespace = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "default";

        // An IPv6 service host needs brackets in a URL.
        var host = serviceHost.Contains(':', StringComparison.Ordinal) && !serviceHost.StartsWith('[') ? $"[{serviceHost}]" : serviceHost;
        if (!Uri.TryCreate($"https://{host}:{servicePort}", UriKind.Absolute, out var server))
        {
            throw new KubeConfigException($"in-cluster config: KUBERNETES_SERVICE_HOST/PORT \"{serviceHost}\":\"{servicePort}\" do not form a URL");
        }

        return new ClusterEndpoint(
            server,
            "in-cluster",
            @namespace.Length == 0 ? "default" : @namespace,
            authorities,
            InsecureSkipTlsVerify: false,
            TlsServerName: null,
            new ClusterCredentials.BearerTokenFile(tokenPath, tokenRefreshInterval ?? KubeConfig.TokenFileRefreshInterval),
            ClientCertificate: null);
    }
}
