using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class AuthenticationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<ClusterSimulator.ClusterSimulator> StartAsync(SimulatorAuthMode auth, params string[] tokens) =>
        await ClusterSimulator.ClusterSimulator.StartAsync(
            new SimulatorOptions { UseTls = true, Auth = auth, BearerTokens = tokens, RunControllers = false },
            None);

    /// <summary>A kubeconfig for the simulator with the given user block (YAML lines under <c>user:</c>).</summary>
    private ClusterEndpoint Endpoint(ClusterSimulator.ClusterSimulator simulator, string userYaml, string? caPem = null, bool insecure = false)
    {
        var ca = caPem ?? simulator.CertificateAuthorityPem!;
        var cluster = insecure
            ? $"server: {simulator.BaseAddress}\n    insecure-skip-tls-verify: true"
            : $"server: {simulator.BaseAddress}\n    certificate-authority-data: {TestCertificates.Base64(ca)}";
        var file = TestKubeconfig.Write(_dir, $"kubeconfig-{Guid.NewGuid():N}", "    " + cluster, userYaml);
        return KubeConfigLoader.LoadFile(file).ResolveContext();
    }

    [Fact]
    public async Task A_bearer_token_over_TLS_with_the_cluster_CA_is_accepted()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "good-token");
        using var client = new KubernetesRestClient(Endpoint(simulator, "    token: good-token"));

        var ns = await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None);

        Assert.NotNull(ns);
    }

    [Fact]
    public async Task A_wrong_bearer_token_is_a_401_error_that_is_not_retried()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "good-token");
        using var client = new KubernetesRestClient(Endpoint(simulator, "    token: stolen"));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));

        Assert.Equal(401, error.Code);
        Assert.Equal("Unauthorized", error.Reason);
        Assert.All(simulator.RequestLog, e => Assert.Equal(401, e.StatusCode));
        Assert.Equal(simulator.RequestLog.Count, simulator.RequestLog.Select(e => e.Path).Distinct().Count());
        Assert.DoesNotContain("stolen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_file_is_read_for_requests()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "from-file");
        _dir.Write("token", "from-file\n");
        using var client = new KubernetesRestClient(Endpoint(simulator, "    tokenFile: token"));

        Assert.NotNull(await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));
    }

    [Fact]
    public async Task A_client_certificate_from_the_cluster_CA_is_accepted()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.ClientCertificate);
        var certificate = simulator.IssueClientCertificate("alice", "system:masters");
        using var client = new KubernetesRestClient(Endpoint(simulator, $"""
                client-certificate-data: {TestCertificates.Base64(certificate.CertificatePem)}
                client-key-data: {TestCertificates.Base64(certificate.PrivateKeyPem)}
            """));

        Assert.NotNull(await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));
    }

    [Fact]
    public async Task Without_a_client_certificate_the_server_refuses()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.ClientCertificate);
        using var client = new KubernetesRestClient(Endpoint(simulator, "    {}"));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));

        Assert.Equal(401, error.Code);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_fails_the_TLS_handshake()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "t");
        var (otherCa, _) = TestCertificates.SelfSigned("some-other-ca");
        using var client = new KubernetesRestClient(Endpoint(simulator, "    token: t", caPem: otherCa), SimulatorScope.FastRetries);

        var error = await Assert.ThrowsAsync<KubernetesTransportException>(() => client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));

        Assert.Contains("TLS handshake failed: the server certificate (CN=kube-apiserver, issued by CN=simulator-ca) does not chain to the kubeconfig's certificate authority (CN=some-other-ca)", error.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.RequestLog);
    }

    // tls-server-name (matching and not): OfficialClientComparisonTests.

    [Fact]
    public async Task In_cluster_config_talks_to_the_service_host_with_the_service_account_token_and_CA()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "sa-token");
        _dir.Write("sa/token", "sa-token");
        _dir.Write("sa/ca.crt", simulator.CertificateAuthorityPem!);
        _dir.Write("sa/namespace", "kube-system");
        var endpoint = InClusterConfig.Load(Path.Combine(_dir.Path, "sa"), "127.0.0.1", simulator.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var client = new KubernetesRestClient(endpoint);

        var ns = await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, client.DefaultNamespace), None);

        Assert.Equal("kube-system", (string?)ns?["metadata"]?["name"]);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_server_certificate()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "t");
        using var client = new KubernetesRestClient(Endpoint(simulator, "    token: t", insecure: true));

        Assert.NotNull(await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));
    }

    [Fact]
    public async Task An_exec_plugin_token_is_cached_across_requests_and_rerun_after_a_401()
    {
        // The server accepts only the plugin's second token: the first run's token gets a 401, the client re-runs the
        // plugin once and carries on with the new token for every later request.
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "tok-2");
        _dir.WriteExecutable("plugin.sh", """
            #!/bin/sh
            echo run >> "$COUNT_FILE"
            n=$(wc -l < "$COUNT_FILE" | tr -d ' ')
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-%s","expirationTimestamp":"2999-01-01T00:00:00Z"}}' "$n"
            """);
        var countFile = Path.Combine(_dir.Path, "count");
        using var client = new KubernetesRestClient(Endpoint(simulator, $"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin.sh
                  env: [{"{"} name: COUNT_FILE, value: "{countFile}" {"}"}]
                  interactiveMode: Never
            """));

        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));
        }

        // Discovery's first two requests go out in parallel with the first token; each is answered 401 once.
        Assert.Equal(2, File.ReadAllLines(countFile).Length);
        var rejected = simulator.RequestLog.Where(e => e.StatusCode == 401).ToList();
        Assert.InRange(rejected.Count, 1, 2);
        Assert.Equal(rejected.Count, rejected.Select(e => e.Path).Distinct().Count());
    }

    [Fact]
    public async Task An_exec_plugin_client_certificate_is_used_for_the_TLS_handshake()
    {
        await using var simulator = await StartAsync(SimulatorAuthMode.ClientCertificate);
        var certificate = simulator.IssueClientCertificate("bob");
        _dir.Write("cert.pem", certificate.CertificatePem);
        _dir.Write("key.pem", certificate.PrivateKeyPem);
        _dir.WriteExecutable("plugin.sh", """
            #!/bin/sh
            dir=$(dirname "$0")
            c=$(awk '{printf "%s\\n", $0}' "$dir/cert.pem")
            k=$(awk '{printf "%s\\n", $0}' "$dir/key.pem")
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"%s","clientKeyData":"%s"}}' "$c" "$k"
            """);
        using var client = new KubernetesRestClient(Endpoint(simulator, """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin.sh
            """));

        Assert.NotNull(await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, "default"), None));
    }

    [Fact]
    public async Task An_informer_whose_exec_plugin_fails_at_first_retries_and_syncs_once_it_works()
    {
        // The plugin fails its first two runs (an expired SSO session, say); the informer must not die on that.
        await using var simulator = await StartAsync(SimulatorAuthMode.BearerToken, "tok");
        _dir.WriteExecutable("plugin.sh", """
            #!/bin/sh
            echo run >> "$COUNT_FILE"
            n=$(wc -l < "$COUNT_FILE" | tr -d ' ')
            if [ "$n" -le 2 ]; then echo "error: SSO session expired" >&2; exit 3; fi
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok","expirationTimestamp":"2999-01-01T00:00:00Z"}}'
            """);
        var countFile = Path.Combine(_dir.Path, "count");
        using var client = new KubernetesRestClient(Endpoint(simulator, $"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin.sh
                  env: [{"{"} name: COUNT_FILE, value: "{countFile}" {"}"}]
                  interactiveMode: Never
            """));
        using var informer = new ObjectInformer(client, new ResourceQuery(string.Empty, "Namespace", null), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, retryBase: TimeSpan.FromMilliseconds(20), retryMax: TimeSpan.FromMilliseconds(100));

        var failure = await Assert.ThrowsAsync<ClusterCredentialException>(() => informer.ReadAsync(None));
        Assert.Contains("SSO session expired", failure.Message, StringComparison.Ordinal);

        var objects = await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    // A dead informer would leave the read waiting for ever: that is the failure this test guards against.
                    return await informer.ReadAsync(None).WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (ClusterCredentialException)
                {
                    return null;
                }
            },
            o => o is not null,
            "the informer synced once the plugin worked",
            TimeSpan.FromSeconds(10));
        Assert.Contains("default", objects!.Keys);
    }
}
