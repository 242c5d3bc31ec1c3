using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dm.Git;
using Dm.GitFixture;

namespace Dm.Common.Tests.Git;

/// <summary>
/// What DM's git layer must keep doing because it drives the git CLI (docs/git.md, "Why the git CLI"; LibGit2Sharp failed
/// each of these): ssh is run so that <c>~/.ssh/config</c> decides the port, ssh's own error text reaches the
/// exception, a <c>pre-receive</c> hook's refusal is a rejected push with the hook's text, and a credential helper
/// supplies HTTPS credentials. Real repos on disk, real git, real ssh for its config and errors; checked with plain git.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class GitTransportTests : IDisposable
{
    private const string Fixture = """
        commits:
          - name: init
            files:
              deployers.yaml: "deployers: {}\n"
              dev/version/s1.yaml: "version: 1\n"
        """;

    private static readonly CommitRequest Request = new("Set s1 to 2", new GitIdentity("Tester", "tester@example.com"));

    private static readonly FileChange[] Change = [new FileChange.Put("dev/version/s1.yaml", "version: 2\n")];

    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_ssh_remote_gets_the_port_from_the_ssh_config_and_batch_mode_for_fetch_and_push()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        var log = _dir.Sub("ssh.log");
        using var ssh = InstallSsh(log, closedPort: 1);

        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions($"ssh://dm-served{remote.GitDirectory}", _dir.Sub("mirror")), Ct);
        var committed = Assert.IsType<CommitResult.Committed>(await repo.CommitAsync(Request, Change, Ct));

        Assert.Equal(committed.CommitId, PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
        Assert.Equal("version: 2\n", PlainGit.Run(remote.GitDirectory, "show", "main:dev/version/s1.yaml"));
        var calls = File.ReadAllText(log).Split("argv ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(calls, c => c.Contains("<git-upload-pack '", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Contains("<git-receive-pack '", StringComparison.Ordinal));
        Assert.All(calls, call =>
        {
            // No -p from DM: ssh itself resolved Port 2222 from the config, and BatchMode reached it.
            Assert.DoesNotContain("<-p>", call, StringComparison.Ordinal);
            Assert.Contains("<-o> <BatchMode=yes>", call, StringComparison.Ordinal);
            Assert.Contains("\nport 2222\n", call, StringComparison.Ordinal);
            Assert.Contains("\nhostname 127.0.0.1\n", call, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Ssh_error_text_reaches_the_exception_with_the_url_redacted()
    {
        var port = ClosedPort();
        using var ssh = InstallSsh(_dir.Sub("ssh.log"), port);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(
            new GitRepositoryOptions("ssh://deploy:tok3n-secret@dm-unreachable/srv/resources.git", _dir.Sub("mirror")), Ct));

        Assert.Equal("fetch", error.Subcommand);
        Assert.Contains($"ssh: connect to host 127.0.0.1 port {port}: Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ssh: connect to host 127.0.0.1 port {port}: Connection refused", error.StandardError, StringComparison.Ordinal);
        Assert.Contains("ssh://***@dm-unreachable/srv/resources.git", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n-secret", error.Message + error.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Sub("mirror")), "the mirror it just created is removed again");
    }

    [Fact]
    public async Task A_pre_receive_refusal_is_a_rejected_push_with_the_hooks_text_and_is_not_retried()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        var runs = _dir.Sub("hook-runs");
        _dir.WriteExecutable(
            "remote.git/hooks/pre-receive",
            $"""
            #!/bin/sh
            echo run >> '{runs}'
            echo "policy: main only takes commits with a ticket; rebase yours (non-fast-forward) onto release/1.x" >&2
            exit 1

            """);
        var before = PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim();
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror")), Ct);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => repo.CommitAsync(Request, Change, Ct));

        Assert.Equal("push", error.Subcommand);
        Assert.Contains("rejected by the remote: [remote rejected] (pre-receive hook declined)", error.Message, StringComparison.Ordinal);
        Assert.Contains("remote: policy: main only takes commits with a ticket; rebase yours (non-fast-forward) onto release/1.x", error.Message, StringComparison.Ordinal);
        Assert.Contains("policy: main only takes commits with a ticket", error.StandardError, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(runs));
        Assert.Equal(before, PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
    }

    [Fact]
    public async Task A_credential_helper_supplies_https_credentials_for_fetch_and_push()
    {
        var root = _dir.Sub("served");
        var remote = await FixtureRepository.CreateAsync(Fixture, Path.Combine(root, "resources.git"), Ct);
        var asked = _dir.Sub("helper.log");
        var helper = _dir.WriteExecutable(
            "bin/credential-helper",
            $$"""
            #!/bin/sh
            { echo "action=$1"; cat; } >> '{{asked}}'
            if [ "$1" = get ]; then echo username=dm-bot; echo password=s3cret-token; fi

            """);
        var globalConfig = _dir.Write("gitconfig", $"[credential]\n\thelper = {helper}\n");
        await using var server = await GitHttpBackendServer.StartAsync(root, "dm-bot", "s3cret-token", Ct);
        using var config = new EnvironmentVariable("GIT_CONFIG_GLOBAL", globalConfig);
        var url = new Uri(server.BaseAddress, "resources.git").AbsoluteUri;

        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(url, _dir.Sub("mirror")), Ct);
        Assert.Equal(remote.CommitId("init"), await repo.FetchAsync(Ct));
        var committed = Assert.IsType<CommitResult.Committed>(await repo.CommitAsync(Request, Change, Ct));

        Assert.Equal(committed.CommitId, PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
        var helperLog = File.ReadAllText(asked);
        Assert.Contains("action=get\nprotocol=http\nhost=" + server.BaseAddress.Authority + "\n", helperLog, StringComparison.Ordinal);
        Assert.Contains("action=store\n", helperLog, StringComparison.Ordinal);
        var requests = server.Requests.ToList();
        Assert.Contains(requests, r => r.Authorization.Length == 0);
        Assert.Contains(requests, r => r.Method == "POST" && r.Path.EndsWith("/git-upload-pack", StringComparison.Ordinal) && r.Authorization.StartsWith("Basic ", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Method == "POST" && r.Path.EndsWith("/git-receive-pack", StringComparison.Ordinal) && r.Authorization.StartsWith("Basic ", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret-token", PlainGit.Run(repo.GitDirectory, "config", "--local", "--list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_with_the_git_configs_ssl_ca_info_and_extra_header_fetches_and_pushes()
    {
        var root = _dir.Sub("served");
        var remote = await FixtureRepository.CreateAsync(Fixture, Path.Combine(root, "resources.git"), Ct);
        using var certificate = SelfSignedLoopbackCertificate();
        var ca = _dir.Write("ca.pem", certificate.ExportCertificatePem());
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("dm-bot:h3ader-token"));
        var globalConfig = _dir.Write("gitconfig", $"[http]\n\tsslCAInfo = {ca}\n\textraHeader = Authorization: Basic {token}\n");
        await using var server = await GitHttpBackendServer.StartAsync(root, "dm-bot", "h3ader-token", Ct, certificate);
        // GIT_SSL_CAINFO, when the machine sets it, would win over http.sslCAInfo (git's rule), so it is cleared here.
        using var config = new EnvironmentVariable("GIT_CONFIG_GLOBAL", globalConfig, ("GIT_SSL_CAINFO", null), ("GIT_SSL_CAPATH", null));
        var url = new Uri(server.BaseAddress, "resources.git").AbsoluteUri;
        Assert.StartsWith("https://127.0.0.1:", url, StringComparison.Ordinal);

        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(url, _dir.Sub("mirror")), Ct);
        var committed = Assert.IsType<CommitResult.Committed>(await repo.CommitAsync(Request, Change, Ct));

        Assert.Equal(committed.CommitId, PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
        Assert.All(server.Requests, r => Assert.Equal("Basic " + token, r.Authorization));
        Assert.Contains(server.Requests, r => r.Path.EndsWith("/git-receive-pack", StringComparison.Ordinal));
        using var missing = new EnvironmentVariable("GIT_CONFIG_GLOBAL", _dir.Write("empty-gitconfig", ""));
        var untrusted = await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(new GitRepositoryOptions(url, _dir.Sub("mirror2")), Ct));
        Assert.Contains("certificate", untrusted.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A certificate for https://127.0.0.1, its own issuer (the test trusts it through http.sslCAInfo).</summary>
    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    /// <summary>
    /// Puts an <c>ssh</c> first on PATH that logs its arguments and then, for host <c>dm-served</c>, the configuration
    /// the real ssh resolves for them (<c>ssh -G</c>, with a test config as <c>~/.ssh/config</c>) and serves the
    /// repository locally as sshd would (runs the remote command); any other host goes to the real ssh with that config.
    /// </summary>
    private EnvironmentVariable InstallSsh(string log, int closedPort)
    {
        var realSsh = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "ssh")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("These tests need the OpenSSH client (Debian: openssh-client) on PATH.");
        var config = _dir.Write(
            "ssh_config",
            $"""
            Host dm-served
              HostName 127.0.0.1
              Port 2222
            Host dm-unreachable
              HostName 127.0.0.1
              Port {closedPort}
              ConnectTimeout 10

            """);
        _dir.WriteExecutable(
            "ssh-bin/ssh",
            $$"""
            #!/bin/bash
            log='{{log}}'
            { printf 'argv'; printf ' <%s>' "$@"; printf '\n'; } >> "$log"
            args=("$@"); remote="${args[-1]}"; unset 'args[-1]'
            for a in "${args[@]}"; do
              if [ "$a" = dm-served ]; then
                '{{realSsh}}' -G -F '{{config}}' "${args[@]}" | grep -E '^(hostname|port|batchmode) ' >> "$log"
                exec sh -c "$remote"
              fi
            done
            exec '{{realSsh}}' -F '{{config}}' "$@"

            """);
        return new EnvironmentVariable("PATH", _dir.Sub("ssh-bin") + ":" + Environment.GetEnvironmentVariable("PATH"), ("GIT_SSH_COMMAND", null), ("GIT_SSH", null));
    }

    /// <summary>A loopback port nothing listens on (bound once, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
