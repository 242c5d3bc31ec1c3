using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// Where DM's client does what kubectl does and the official C# client (KubernetesClient 21.0.8, measured) does not;
/// docs/kubernetes-client.md ("Why DM has its own client") lists these. Each test starts its own TLS simulator whose
/// certificates are signed by a private CA the test makes.
/// </summary>
public sealed class OfficialClientComparisonTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ResourceKey DefaultNamespace = new(string.Empty, "Namespace", string.Empty, "default");
    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _ca = TestCertificates.Authority("dm-test-private-ca");

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private Task<ClusterSimulator.ClusterSimulator> StartAsync(SimulatorAuthMode auth = SimulatorAuthMode.None, params string[] tokens) =>
        ClusterSimulator.ClusterSimulator.StartAsync(
            new SimulatorOptions { UseTls = true, CertificateAuthority = _ca, Auth = auth, BearerTokens = tokens, RunControllers = false },
            None);

    /// <summary>Writes a kubeconfig trusting the test's CA to <paramref name="file"/> (relative to the test folder) and loads it.</summary>
    private ClusterEndpoint Endpoint(ClusterSimulator.ClusterSimulator simulator, string userYaml, string clusterExtra = "", string file = "kubeconfig")
    {
        var cluster = $"    server: {simulator.BaseAddress}\n    certificate-authority-data: {TestCertificates.Base64(_ca.ExportCertificatePem())}";
        var path = TestKubeconfig.Write(_dir, file, clusterExtra.Length == 0 ? cluster : cluster + "\n" + clusterExtra, userYaml);
        return KubeConfigLoader.LoadFile(path).ResolveContext();
    }

    /// <summary>An exec plugin at <paramref name="relative"/> that records its args and KUBERNETES_EXEC_INFO, counts its runs and prints token "tok-N".</summary>
    private string Plugin(string relative)
    {
        _dir.WriteExecutable(relative, """
            #!/bin/sh
            dir=$(dirname "$0")
            echo run >> "$dir/runs"
            printf '%s\n' "$@" > "$dir/args"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info.json"
            n=$(wc -l < "$dir/runs" | tr -d ' ')
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-%s","expirationTimestamp":"2999-01-01T00:00:00Z"}}' "$n"
            """);
        return Path.GetDirectoryName(Path.Combine(_dir.Path, relative))!;
    }

    /// <summary>The user block of an exec plugin <paramref name="command"/>, plus <paramref name="extra"/> lines under <c>exec:</c>.</summary>
    private static string ExecUser(string command, params string[] extra) =>
        $"    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {command}" + string.Concat(extra.Select(line => "\n      " + line));

    [Fact]
    public async Task A_tls_server_name_the_server_certificate_does_not_carry_is_refused_with_the_names_it_does_carry()
    {
        await using var simulator = await StartAsync();
        using var matching = new KubernetesRestClient(Endpoint(simulator, "    {}", "    tls-server-name: localhost", "matching"));
        using var mismatching = new KubernetesRestClient(Endpoint(simulator, "    {}", "    tls-server-name: api.elsewhere.example", "mismatching"), SimulatorScope.FastRetries);

        Assert.NotNull(await matching.GetAsync(DefaultNamespace, None));
        var before = simulator.RequestLog.Count;
        var error = await Assert.ThrowsAsync<KubernetesTransportException>(() => mismatching.GetAsync(DefaultNamespace, None));

        // Discovery reads /api and /apis at once; either may be the one that reports.
        Assert.StartsWith($"GET {simulator.BaseAddress}api", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            ": TLS handshake failed: the server certificate (names DNS:localhost, IP:127.0.0.1) is not valid for tls-server-name \"api.elsewhere.example\"",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(before, simulator.RequestLog.Count);
    }

    [Fact]
    public async Task Exec_plugin_arguments_with_spaces_arrive_intact()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "tok-1");
        var folder = Plugin("plugin.sh");
        using var client = new KubernetesRestClient(Endpoint(simulator, ExecUser("./plugin.sh", """args: ["--cluster", "my cluster", "two  spaces", " edge "]""", "interactiveMode: Never")));

        Assert.NotNull(await client.GetAsync(DefaultNamespace, None));

        Assert.Equal(["--cluster", "my cluster", "two  spaces", " edge "], File.ReadAllLines(Path.Combine(folder, "args")));
    }

    [Fact]
    public async Task A_relative_exec_command_is_resolved_against_the_kubeconfig_folder()
    {
        // The kubeconfig lives in conf/, the plugin in conf/bin/; the test process runs elsewhere entirely.
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "tok-1");
        var folder = Plugin("conf/bin/plugin.sh");
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "bin", "plugin.sh")));
        using var client = new KubernetesRestClient(Endpoint(simulator, ExecUser("./bin/plugin.sh"), file: "conf/kubeconfig"));

        Assert.NotNull(await client.GetAsync(DefaultNamespace, None));

        Assert.Single(File.ReadAllLines(Path.Combine(folder, "runs")));
    }

    [Fact]
    public async Task A_401_for_a_credential_that_expired_early_reruns_the_plugin_once_and_succeeds()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "tok-1", "tok-2");
        var folder = Plugin("plugin.sh");
        using var client = new KubernetesRestClient(Endpoint(simulator, ExecUser("./plugin.sh")));
        Assert.NotNull(await client.GetAsync(DefaultNamespace, None));
        var before = simulator.RequestLog.Count;

        // The plugin said tok-1 lasts until 2999; the server now refuses it (revoked, or its session ended early).
        simulator.Faults.Revoke("tok-1");
        var ns = await client.GetAsync(DefaultNamespace, None);
        Assert.NotNull(await client.GetAsync(DefaultNamespace, None));

        Assert.Equal("default", (string?)ns?["metadata"]?["name"]);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "runs")).Length);
        Assert.Equal([401, 200, 200], simulator.RequestLog.Skip(before).Select(e => e.StatusCode));
    }

    [Fact]
    public async Task KUBERNETES_EXEC_INFO_says_ExecCredential_not_interactive_with_the_cluster_when_asked()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "tok-1");
        var folder = Plugin("plugin.sh");
        using var client = new KubernetesRestClient(Endpoint(simulator, ExecUser("./plugin.sh", "provideClusterInfo: true", "interactiveMode: IfAvailable")));

        Assert.NotNull(await client.GetAsync(DefaultNamespace, None));

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "exec-info.json")))!;
        Assert.Equal(("client.authentication.k8s.io/v1", "ExecCredential"), ((string?)info["apiVersion"], (string?)info["kind"]));
        Assert.False((bool)info["spec"]!["interactive"]!);
        Assert.Equal(simulator.BaseAddress.ToString(), (string?)info["spec"]!["cluster"]!["server"]);
        var ca = Convert.FromBase64String((string)info["spec"]!["cluster"]!["certificate-authority-data"]!);
        using var trusted = X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(ca));
        Assert.Equal(_ca.Thumbprint, trusted.Thumbprint);
    }

    [Fact]
    public async Task An_anonymous_user_works()
    {
        await using var simulator = await StartAsync();
        var endpoint = Endpoint(simulator, "    {}");
        using var client = new KubernetesRestClient(endpoint);

        var applied = await client.ApplyAsync(Manifests.ConfigMap("default", "anonymous"), new ApplyOptions("test"), None);

        Assert.IsType<ClusterCredentials.Anonymous>(endpoint.Credentials);
        Assert.Equal("anonymous", (string?)applied["metadata"]?["name"]);
    }

    [Fact]
    public async Task A_watch_resumes_after_a_dropped_stream_and_relists_after_410()
    {
        await using var simulator = await ClusterSimulator.ClusterSimulator.StartAsync(
            new SimulatorOptions { UseTls = true, CertificateAuthority = _ca, RunControllers = false, WatchHistorySize = 5 }, None);
        await using var relay = new TcpRelay(simulator.BaseAddress);
        var direct = Endpoint(simulator, "    {}");
        using var writer = new KubernetesRestClient(direct);
        using var watcher = new KubernetesRestClient(
            direct with { Server = new Uri($"https://127.0.0.1:{relay.Port}") },
            SimulatorScope.FastRetries with { Retry = new RetryPolicy(1000, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)) });
        await using var events = new WatchRecorder(watcher, new ResourceQuery(string.Empty, "ConfigMap", "default"), null);
        await writer.ApplyAsync(Manifests.ConfigMap("default", "before"), new ApplyOptions("test"), None);
        Assert.Equal((WatchEventType.Added, "before", false), Describe(await events.NextAsync()));

        // 1. The stream is cut: the watch reopens from its last version and misses nothing.
        relay.DropAll();
        await writer.ApplyAsync(Manifests.ConfigMap("default", "after-drop"), new ApplyOptions("test"), None);
        Assert.Equal((WatchEventType.Added, "after-drop", false), Describe(await events.NextAsync()));
        Assert.True(relay.Accepted >= 2, "the watch opened a new connection");

        // 2. While the watch cannot reconnect, its version leaves the simulator's history: the next stream ends with a
        //    410 ERROR event, and the watch re-lists and yields the difference.
        var collection = "/api/v1/namespaces/default/configmaps";
        simulator.Faults.Add(new FaultRule("GET", collection, 1.0, 500));
        relay.DropAll();
        await Eventually.HoldsAsync(() => simulator.RequestLog.Any(e => e.Path == collection && e.StatusCode == 500), "the watch tried to reconnect and failed");
        await writer.ApplyAsync(Manifests.ConfigMap("default", "during-outage"), new ApplyOptions("test"), None);
        for (var i = 0; i < 20; i++)
        {
            await writer.ApplyAsync(Manifests.Namespace($"filler-{i}"), new ApplyOptions("test"), None);
        }

        simulator.Faults.Clear();
        Assert.Equal((WatchEventType.Added, "during-outage", true), Describe(await events.NextAsync()));
        Assert.Contains(simulator.RequestLog, e => e.Path == collection && e.StatusCode == 200 && !e.Query.Contains("watch=true", StringComparison.Ordinal));
    }

    private static (WatchEventType, string?, bool) Describe(WatchEvent e) => (e.Type, (string?)e.Resource["metadata"]?["name"], e.Resynced);
}
