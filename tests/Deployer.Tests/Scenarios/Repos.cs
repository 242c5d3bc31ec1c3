namespace Dm.Deployer.Tests.Scenarios;

/// <summary>Resource repo contents for the scenarios.</summary>
internal static class Repos
{
    public static string Deployers(bool prune = true, bool createNamespace = true, string context = "sim", string ns = "dev", string environment = "dev") => $"""
        deployers:
          {environment}:
            type: Kubernetes
            context: {context}
            namespace: {ns}
            prune: {(prune ? "true" : "false")}
            createNamespace: {(createNamespace ? "true" : "false")}
        """;

    public static string DeploymentBase(string name) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels:
            app: {{name}}
            app.kubernetes.io/version: ${version}
        spec:
          replicas: 2
          progressDeadlineSeconds: 10
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: {{name}}
                image: ${image}
        """;

    /// <summary>A complete Deployment the API server refuses with a 422 (<c>replicas: -1</c>).</summary>
    public static string RefusedDeployment(string name) =>
        DeploymentBase(name).Replace("replicas: 2", "replicas: -1", StringComparison.Ordinal)
            .Replace("${version}", "1", StringComparison.Ordinal).Replace("${image}", "nginx:1", StringComparison.Ordinal);

    public static string Version(string name, string version) => $"""
        version: "{version}"
        image: registry.example.com/{name}:{version}
        """;

    public static string ConfigMap(string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          greeting: {value}
        """;

    /// <summary>Environment <c>dev</c> (and optionally more) with Deployments web and api and a ConfigMap settings.</summary>
    public static Dictionary<string, string> Standard(string environment = "dev", bool prune = true, bool createNamespace = true) => new()
    {
        ["deployers.yaml"] = Deployers(prune, createNamespace, environment: environment, ns: environment),
        [$"{environment}/base/web.yaml"] = DeploymentBase("web"),
        [$"{environment}/version/web.yaml"] = Version("web", "1.0"),
        [$"{environment}/base/api.yaml"] = DeploymentBase("api"),
        [$"{environment}/version/api.yaml"] = Version("api", "2.0"),
        [$"{environment}/deployable/settings.yaml"] = ConfigMap("settings", "hello"),
    };

    /// <summary><see cref="Standard"/> plus an environment <c>qa</c> on the same cluster with a ConfigMap settings.</summary>
    public static Dictionary<string, string> StandardWithQa()
    {
        var files = Standard();
        files["deployers.yaml"] = Deployers() + "\n" + """
              qa:
                type: Kubernetes
                context: sim
                namespace: qa
                createNamespace: true
            """;
        files["qa/deployable/settings.yaml"] = ConfigMap("settings", "qa");
        return files;
    }

    /// <summary>Environment <c>dev</c> on cluster <c>sim</c> and <c>prod</c> on cluster <c>sim2</c>, each with a ConfigMap settings.</summary>
    public static Dictionary<string, string> TwoClusters() => new()
    {
        ["deployers.yaml"] = """
            deployers:
              dev:
                type: Kubernetes
                context: sim
                namespace: dev
                createNamespace: true
              prod:
                type: Kubernetes
                context: sim2
                namespace: prod
                createNamespace: true
            """,
        ["dev/deployable/settings.yaml"] = ConfigMap("settings", "dev"),
        ["prod/deployable/settings.yaml"] = ConfigMap("settings", "prod"),
    };
}
