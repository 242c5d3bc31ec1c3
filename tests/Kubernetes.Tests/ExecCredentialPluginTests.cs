using Dm.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;

using Microsoft.Extensions.Time.Testing;

namespace Dm.Kubernetes.Tests;

public sealed class ExecCredentialPluginTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly ClusterEndpoint _cluster = new(new Uri("https://127.0.0.1:6443"), "test", "default", [], false, null, new ClusterCredentials.Anonymous(), null);

    public void Dispose() => _dir.Dispose();

    /// <summary>A plugin that counts its runs, records its input and prints token "tok-N" expiring 10 minutes after Start.</summary>
    private ExecCredentialSpec CountingPlugin(string apiVersion = "client.authentication.k8s.io/v1", string expiry = "2030-01-01T00:10:00Z")
    {
        _dir.WriteExecutable("bin/plugin.sh", $$$"""
            #!/bin/sh
            echo run >> "$COUNT_FILE"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"
            printf '%s\n' "$@" > "$ARGS_FILE"
            n=$(wc -l < "$COUNT_FILE" | tr -d ' ')
            printf '{"apiVersion":"{{{apiVersion}}}","kind":"ExecCredential","status":{"token":"tok-%s","expirationTimestamp":"{{{expiry}}}"}}' "$n"
            """);
        return new ExecCredentialSpec(
            apiVersion,
            "./bin/plugin.sh",
            ["--region", "eu"],
            [
                new("COUNT_FILE", Path.Combine(_dir.Path, "count")),
                new("INFO_FILE", Path.Combine(_dir.Path, "info.json")),
                new("ARGS_FILE", Path.Combine(_dir.Path, "args")),
            ],
            _dir.Path,
            ProvideClusterInfo: true,
            InstallHint: null);
    }

    private int Runs => File.ReadAllLines(Path.Combine(_dir.Path, "count")).Length;

    [Fact]
    public async Task The_token_is_cached_until_it_expires_then_the_plugin_runs_again()
    {
        var time = new FakeTimeProvider(Start);
        using var plugin = new ExecCredentialPlugin(CountingPlugin(), _cluster, TimeSpan.FromSeconds(30), time, NullLogger.Instance);

        Assert.Equal("tok-1", (await plugin.GetAsync(CancellationToken.None)).Token);
        Assert.Equal("tok-1", (await plugin.GetAsync(CancellationToken.None)).Token);
        time.Advance(TimeSpan.FromMinutes(9));
        var beforeExpiry = await plugin.GetAsync(CancellationToken.None);
        Assert.Equal("tok-1", beforeExpiry.Token);
        Assert.Equal(1, Runs);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("tok-2", (await plugin.GetAsync(CancellationToken.None)).Token);
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task Invalidating_after_a_401_runs_the_plugin_again()
    {
        using var plugin = new ExecCredentialPlugin(CountingPlugin(), _cluster, TimeSpan.FromSeconds(30), new FakeTimeProvider(Start), NullLogger.Instance);
        var first = await plugin.GetAsync(CancellationToken.None);

        Assert.True(plugin.Invalidate(first));
        Assert.Equal("tok-2", (await plugin.GetAsync(CancellationToken.None)).Token);
        Assert.False(plugin.Invalidate(first));
        Assert.Equal("tok-2", (await plugin.GetAsync(CancellationToken.None)).Token);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_plugin_run()
    {
        using var plugin = new ExecCredentialPlugin(CountingPlugin(), _cluster, TimeSpan.FromSeconds(30), new FakeTimeProvider(Start), NullLogger.Instance);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => plugin.GetAsync(CancellationToken.None)));

        Assert.All(tokens, t => Assert.Equal("tok-1", t.Token));
        Assert.Equal(1, Runs);
    }

    [Fact]
    public async Task The_plugin_gets_args_env_and_KUBERNETES_EXEC_INFO_with_cluster_info()
    {
        using var plugin = new ExecCredentialPlugin(CountingPlugin("client.authentication.k8s.io/v1beta1"), _cluster, TimeSpan.FromSeconds(30), new FakeTimeProvider(Start), NullLogger.Instance);

        await plugin.GetAsync(CancellationToken.None);

        Assert.Equal(["--region", "eu"], File.ReadAllLines(Path.Combine(_dir.Path, "args")));
        var info = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "info.json")))!;
        Assert.Equal("client.authentication.k8s.io/v1beta1", (string?)info["apiVersion"]);
        Assert.Equal("ExecCredential", (string?)info["kind"]);
        Assert.False((bool)info["spec"]!["interactive"]!);
        Assert.Equal("https://127.0.0.1:6443/", (string?)info["spec"]!["cluster"]!["server"]);
    }

    [Fact]
    public async Task A_credential_without_expiry_is_kept_until_invalidated()
    {
        var time = new FakeTimeProvider(Start);
        using var plugin = new ExecCredentialPlugin(CountingPlugin(expiry: string.Empty), _cluster, TimeSpan.FromSeconds(30), time, NullLogger.Instance);

        await plugin.GetAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(30));

        Assert.Equal("tok-1", (await plugin.GetAsync(CancellationToken.None)).Token);
        Assert.Null((await plugin.GetAsync(CancellationToken.None)).Expiration);
    }

    [Fact]
    public async Task A_failing_plugin_reports_its_exit_code_and_stderr()
    {
        _dir.WriteExecutable("fail.sh", "#!/bin/sh\necho 'error: SSO session expired, run aws sso login' >&2\nexit 3\n");
        var spec = new ExecCredentialSpec("client.authentication.k8s.io/v1", Path.Combine(_dir.Path, "fail.sh"), [], [], _dir.Path, false, null);
        using var plugin = new ExecCredentialPlugin(spec, _cluster, TimeSpan.FromSeconds(30), new FakeTimeProvider(Start), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => plugin.GetAsync(CancellationToken.None));

        Assert.Equal($"exec plugin {spec.Command}: exited with code 3: error: SSO session expired, run aws sso login", error.Message);
    }

    [Fact]
    public async Task A_missing_plugin_command_shows_the_install_hint()
    {
        var spec = new ExecCredentialSpec("client.authentication.k8s.io/v1", "dm-no-such-plugin", [], [], _dir.Path, false, "Install it with: brew install dm-plugin");
        using var plugin = new ExecCredentialPlugin(spec, _cluster, TimeSpan.FromSeconds(30), new FakeTimeProvider(Start), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => plugin.GetAsync(CancellationToken.None));

        Assert.StartsWith("exec plugin dm-no-such-plugin: could not be started: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(Install it with: brew install dm-plugin)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_that_hangs_is_stopped_after_the_timeout()
    {
        _dir.WriteExecutable("hang.sh", "#!/bin/sh\nsleep 30\n");
        var spec = new ExecCredentialSpec("client.authentication.k8s.io/v1", Path.Combine(_dir.Path, "hang.sh"), [], [], _dir.Path, false, null);
        using var plugin = new ExecCredentialPlugin(spec, _cluster, TimeSpan.FromMilliseconds(300), TimeProvider.System, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => plugin.GetAsync(CancellationToken.None));

        Assert.Equal($"exec plugin {spec.Command}: no credential within 0.3 s (the plugin was stopped)", error.Message);
    }

    [Fact]
    public async Task Output_that_is_not_an_ExecCredential_is_reported()
    {
        _dir.WriteExecutable("bad.sh", "#!/bin/sh\necho 'hello'\n");
        var spec = new ExecCredentialSpec("client.authentication.k8s.io/v1", Path.Combine(_dir.Path, "bad.sh"), [], [], _dir.Path, false, null);
        using var plugin = new ExecCredentialPlugin(spec, _cluster, TimeSpan.FromSeconds(30), new FakeTimeProvider(Start), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => plugin.GetAsync(CancellationToken.None));

        Assert.Equal($"exec plugin {spec.Command}: output is not an ExecCredential JSON object", error.Message);
    }
}
