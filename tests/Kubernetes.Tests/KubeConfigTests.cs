using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class KubeConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Current_context_resolves_to_server_namespace_and_bearer_token()
    {
        var file = _dir.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: c1
              cluster:
                server: https://10.0.0.1:6443/k8s/clusters/c-1
                insecure-skip-tls-verify: true
            users:
            - name: u1
              user:
                token: s3cret
            contexts:
            - name: dev
              context:
                cluster: c1
                user: u1
                namespace: team-a
            """);

        var endpoint = KubeConfigLoader.LoadFile(file).ResolveContext();

        Assert.Equal("https://10.0.0.1:6443/k8s/clusters/c-1", endpoint.Server.ToString());
        Assert.Equal("dev", endpoint.Name);
        Assert.Equal("team-a", endpoint.Namespace);
        Assert.True(endpoint.InsecureSkipTlsVerify);
        Assert.Equal(new ClusterCredentials.BearerToken("s3cret"), endpoint.Credentials);
        Assert.DoesNotContain("s3cret", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KUBECONFIG_with_several_files_merges_with_the_first_file_winning_per_name()
    {
        var first = _dir.Write("a/config", """
            current-context: one
            clusters:
            - name: shared
              cluster: { server: "https://first:6443" }
            contexts:
            - name: one
              context: { cluster: shared, user: alice }
            users:
            - name: alice
              user: { token: from-first }
            """);
        var second = _dir.Write("b/config", """
            current-context: two
            clusters:
            - name: shared
              cluster: { server: "https://second:6443" }
            - name: only-second
              cluster: { server: "https://only-second:6443" }
            contexts:
            - name: two
              context: { cluster: only-second, user: alice, namespace: ns2 }
            users:
            - name: alice
              user: { token: from-second }
            """);
        var missing = Path.Combine(_dir.Path, "missing/config");

        var config = KubeConfigLoader.LoadDefault($"{first}:{missing}:{second}", _dir.Path);

        Assert.Equal("one", config.CurrentContext);
        Assert.Equal("https://first:6443", config.Clusters["shared"].Server);
        Assert.Equal(new ClusterCredentials.BearerToken("from-first"), config.ResolveContext().Credentials);
        var two = config.ResolveContext("two");
        Assert.Equal("https://only-second:6443/", two.Server.ToString());
        Assert.Equal("ns2", two.Namespace);
        Assert.Equal([first, second], config.SourceFiles);
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_folder_of_the_file_that_names_them()
    {
        var (cert, key) = TestCertificates.SelfSigned("alice");
        var (ca, _) = TestCertificates.SelfSigned("cluster-ca");
        _dir.Write("kube/certs/ca.crt", ca);
        _dir.Write("kube/certs/alice.crt", cert);
        _dir.Write("kube/certs/alice.key", key);
        _dir.Write("kube/token", "file-token\n");
        var file = _dir.Write("kube/config", """
            current-context: c
            clusters:
            - name: c
              cluster: { server: "https://k:6443", certificate-authority: certs/ca.crt }
            users:
            - name: cert-user
              user: { client-certificate: certs/alice.crt, client-key: certs/alice.key }
            - name: token-user
              user: { tokenFile: ./token }
            contexts:
            - name: c
              context: { cluster: c, user: cert-user }
            - name: t
              context: { cluster: c, user: token-user }
            """);

        var config = KubeConfigLoader.LoadFile(file);
        var endpoint = config.ResolveContext("c");

        Assert.Equal(Path.Combine(_dir.Path, "kube/certs/ca.crt"), config.Clusters["c"].CertificateAuthority);
        Assert.Equal("CN=cluster-ca", Assert.Single(endpoint.CertificateAuthorities).Subject);
        Assert.Equal("CN=alice", endpoint.ClientCertificate!.Subject);
        Assert.True(endpoint.ClientCertificate.HasPrivateKey);
        Assert.Equal("default", endpoint.Namespace);
        var tokenFile = Assert.IsType<ClusterCredentials.BearerTokenFile>(config.ResolveContext("t").Credentials);
        Assert.Equal(Path.Combine(_dir.Path, "kube/token"), tokenFile.Path);
    }

    [Fact]
    public void Inline_certificate_data_is_decoded()
    {
        var (cert, key) = TestCertificates.SelfSigned("bob");
        var (ca, _) = TestCertificates.SelfSigned("inline-ca");
        var file = _dir.Write("config", $"""
            current-context: c
            clusters:
            - name: c
              cluster:
                server: https://k:6443
                certificate-authority-data: {TestCertificates.Base64(ca)}
                tls-server-name: api.internal
            users:
            - name: u
              user:
                client-certificate-data: {TestCertificates.Base64(cert)}
                client-key-data: {TestCertificates.Base64(key)}
            contexts:
            - name: c
              context: {"{"} cluster: c, user: u {"}"}
            """);

        var endpoint = KubeConfigLoader.LoadFile(file).ResolveContext();

        Assert.Equal("CN=inline-ca", Assert.Single(endpoint.CertificateAuthorities).Subject);
        Assert.Equal("CN=bob", endpoint.ClientCertificate!.Subject);
        Assert.Equal("api.internal", endpoint.TlsServerName);
        Assert.IsType<ClusterCredentials.Anonymous>(endpoint.Credentials);
    }

    [Fact]
    public void Basic_auth_and_exec_users_are_recognised()
    {
        var file = _dir.Write("config", """
            clusters:
            - name: c
              cluster: { server: "http://127.0.0.1:8080" }
            users:
            - name: basic
              user: { username: admin, password: pw }
            - name: exec
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/get-token
                  args: [--cluster, prod]
                  env: [{ name: REGION, value: eu-west-1 }]
                  provideClusterInfo: true
            contexts:
            - name: basic
              context: { cluster: c, user: basic }
            - name: exec
              context: { cluster: c, user: exec }
            """);
        var config = KubeConfigLoader.LoadFile(file);

        Assert.Equal(new ClusterCredentials.Basic("admin", "pw"), config.ResolveContext("basic").Credentials);
        Assert.DoesNotContain("pw", config.ResolveContext("basic").Credentials.ToString(), StringComparison.Ordinal);
        var exec = Assert.IsType<ClusterCredentials.Exec>(config.ResolveContext("exec").Credentials).Spec;
        Assert.Equal("./bin/get-token", exec.Command);
        Assert.Equal(["--cluster", "prod"], exec.Args);
        Assert.Equal(new KeyValuePair<string, string>("REGION", "eu-west-1"), Assert.Single(exec.Env));
        Assert.Equal(_dir.Path, exec.WorkingDirectory);
        Assert.True(exec.ProvideClusterInfo);
    }

    [Fact]
    public void A_missing_context_names_the_file_and_the_contexts_there_are()
    {
        var file = _dir.Write("config", """
            clusters: [{ name: c, cluster: { server: "https://k" } }]
            contexts: [{ name: dev, context: { cluster: c } }, { name: prod, context: { cluster: c } }]
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(file).ResolveContext("staging"));

        Assert.Equal($"kubeconfig {file}: context \"staging\" not found (contexts: dev, prod)", error.Message);
    }

    [Fact]
    public void A_context_naming_a_missing_cluster_is_reported()
    {
        var file = _dir.Write("config", "contexts: [{ name: dev, context: { cluster: gone } }]\n");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(file).ResolveContext("dev"));

        Assert.Equal($"kubeconfig {file}: context \"dev\": cluster \"gone\" not found (clusters: none)", error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(_dir.Path, "nope");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(path));

        Assert.Equal($"kubeconfig {path}: file does not exist", error.Message);
    }

    [Fact]
    public void KUBECONFIG_where_no_file_exists_is_reported()
    {
        var a = Path.Combine(_dir.Path, "a");
        var b = Path.Combine(_dir.Path, "b");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadDefault($"{a}:{b}", _dir.Path));

        Assert.Equal($"KUBECONFIG: none of the files exist: {a}, {b}", error.Message);
    }

    [Fact]
    public void A_missing_certificate_file_names_the_user_and_the_path()
    {
        var (_, key) = TestCertificates.SelfSigned("x");
        _dir.Write("x.key", key);
        var file = _dir.Write("config", """
            clusters: [{ name: c, cluster: { server: "https://k" } }]
            users: [{ name: u, user: { client-certificate: x.crt, client-key: x.key } }]
            contexts: [{ name: c, context: { cluster: c, user: u } }]
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(file).ResolveContext("c"));

        Assert.Equal($"kubeconfig {file}: user \"u\": client-certificate: file {Path.Combine(_dir.Path, "x.crt")} does not exist", error.Message);
    }

    [Fact]
    public void A_bad_pem_key_is_reported_for_its_user()
    {
        var (cert, _) = TestCertificates.SelfSigned("x");
        var file = _dir.Write("config", $"""
            clusters: [{"{"} name: c, cluster: {"{"} server: "https://k" {"}"} {"}"}]
            users:
            - name: u
              user:
                client-certificate-data: {TestCertificates.Base64(cert)}
                client-key-data: {TestCertificates.Base64("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")}
            contexts: [{"{"} name: c, context: {"{"} cluster: c, user: u {"}"} {"}"}]
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(file).ResolveContext("c"));

        Assert.StartsWith($"kubeconfig {file}: user \"u\": client certificate and key are not a usable PEM pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_authority_data_that_is_not_base64_or_not_pem_is_reported()
    {
        var file = _dir.Write("config", """
            clusters:
            - { name: b64, cluster: { server: "https://k", certificate-authority-data: "%%%" } }
            - { name: pem, cluster: { server: "https://k", certificate-authority-data: "aGVsbG8=" } }
            contexts: [{ name: b64, context: { cluster: b64 } }, { name: pem, context: { cluster: pem } }]
            """);
        var config = KubeConfigLoader.LoadFile(file);

        Assert.Equal(
            $"kubeconfig {file}: cluster \"b64\": certificate-authority-data: not valid base64",
            Assert.Throws<KubeConfigException>(() => config.ResolveContext("b64")).Message);
        Assert.Equal(
            $"kubeconfig {file}: cluster \"pem\": certificate-authority-data: no PEM certificate (-----BEGIN CERTIFICATE-----) found",
            Assert.Throws<KubeConfigException>(() => config.ResolveContext("pem")).Message);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_file_and_line()
    {
        var file = _dir.Write("config", "clusters:\n  - name: [unclosed\n");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(file));

        Assert.StartsWith($"kubeconfig {file}: line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_exec_api_version_is_reported()
    {
        var file = _dir.Write("config", """
            users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1alpha1, command: x } } }]
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.LoadFile(file));

        Assert.Equal($"kubeconfig {file}: users[0] \"u\": exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported (use client.authentication.k8s.io/v1 or v1beta1)", error.Message);
    }

    [Fact]
    public void In_cluster_config_reads_token_ca_and_namespace_from_the_service_account_folder()
    {
        var (ca, _) = TestCertificates.SelfSigned("kube-ca");
        _dir.Write("sa/token", "sa-token");
        _dir.Write("sa/ca.crt", ca);
        _dir.Write("sa/namespace", "dm-system\n");

        var endpoint = InClusterConfig.Load(Path.Combine(_dir.Path, "sa"), "10.96.0.1", "443");

        Assert.Equal("https://10.96.0.1/", endpoint.Server.ToString());
        Assert.Equal("dm-system", endpoint.Namespace);
        Assert.Equal("CN=kube-ca", Assert.Single(endpoint.CertificateAuthorities).Subject);
        Assert.Equal(Path.Combine(_dir.Path, "sa/token"), Assert.IsType<ClusterCredentials.BearerTokenFile>(endpoint.Credentials).Path);
        Assert.Equal("https://[fd00::1]:6443/", InClusterConfig.Load(Path.Combine(_dir.Path, "sa"), "fd00::1", "6443").Server.ToString());
    }

    [Fact]
    public void A_deployer_target_with_a_kubeconfig_file_and_context_resolves_from_that_file()
    {
        var file = _dir.Write("target.kubeconfig", """
            current-context: a
            clusters: [{ name: c, cluster: { server: "https://target:6443" } }]
            contexts: [{ name: a, context: { cluster: c } }, { name: b, context: { cluster: c, namespace: prod } }]
            """);

        Assert.Equal("a", KubeConfigLoader.ResolveEndpoint(file, null).Name);
        Assert.Equal("prod", KubeConfigLoader.ResolveEndpoint(file, "b").Namespace);
        Assert.Throws<KubeConfigException>(() => KubeConfigLoader.ResolveEndpoint(Path.Combine(_dir.Path, "missing"), "b"));
    }

    [Fact]
    public void In_cluster_config_outside_a_pod_says_so()
    {
        var error = Assert.Throws<KubeConfigException>(() => InClusterConfig.Load(_dir.Path, null, null));

        Assert.Equal("in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (is this process running in a pod?)", error.Message);
    }
}
