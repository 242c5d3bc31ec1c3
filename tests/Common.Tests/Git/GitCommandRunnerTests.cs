using System.Net;
using System.Net.Sockets;
using Dm.Git;

namespace Dm.Common.Tests.Git;

public sealed class GitCommandRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_failing_command_throws_with_subcommand_exit_code_and_stderr()
    {
        var runner = new GitCommandRunner();

        var error = await Assert.ThrowsAsync<GitCommandException>(() => runner.RunCheckedAsync(new GitCommand(["-c", "core.pager=cat", "rev-parse", "--git-dir"], _dir.Path), CancellationToken.None));

        Assert.Equal("rev-parse", error.Subcommand);
        Assert.Equal(128, error.ExitCode);
        Assert.Contains("not a git repository", error.StandardError, StringComparison.Ordinal);
        Assert.StartsWith("git rev-parse failed (exit code 128): fatal: not a git repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_and_large_output_do_not_deadlock()
    {
        var runner = new GitCommandRunner();
        await runner.RunCheckedAsync(new GitCommand(["init", "--bare", "--quiet", "."], _dir.Path), CancellationToken.None);
        var big = new byte[5 * 1024 * 1024];
        new Random(7).NextBytes(big);

        var id = (await runner.RunCheckedAsync(new GitCommand(["hash-object", "-w", "--stdin"], _dir.Path) { StandardInput = big }, CancellationToken.None)).Line;
        var back = await runner.RunCheckedAsync(new GitCommand(["cat-file", "blob", id], _dir.Path), CancellationToken.None);

        Assert.Equal(big, back.StandardOutput.ToArray());
    }

    [Fact]
    public async Task Commits_use_the_configured_identity_not_global_config()
    {
        var runner = new GitCommandRunner(new GitIdentity("DM Transitioner", "transitioner@dm"));

        var output = await runner.RunCheckedAsync(new GitCommand(["var", "GIT_COMMITTER_IDENT"], _dir.Path), CancellationToken.None);

        Assert.StartsWith("DM Transitioner <transitioner@dm> ", output.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_command_throws_and_does_not_run()
    {
        var runner = new GitCommandRunner();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(new GitCommand(["init", "--bare", "."], _dir.Path), cancelled.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task Cancelling_a_running_command_kills_the_git_process()
    {
        var runner = new GitCommandRunner();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cancel = new CancellationTokenSource();

        // git connects and then waits forever for a server that never answers: only a kill ends it.
        var run = runner.RunAsync(new GitCommand(["ls-remote", $"git://127.0.0.1:{port}/repo.git"], _dir.Path), cancel.Token);
        using var connection = await listener.AcceptSocketAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var buffer = new byte[4096];
        int read;
        do
        {
            read = await connection.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
        while (read > 0);
    }

    [Theory]
    [InlineData("fatal: unable to access 'https://bot:ghp_abc123@github.com/o/r.git/': 403", "fatal: unable to access 'https://***@github.com/o/r.git/': 403")]
    [InlineData("remote: Authorization: Bearer abc.def.ghi", "remote: Authorization: ***")]
    [InlineData("http.extraHeader=AUTHORIZATION: basic dXNlcjpwYXNz", "http.extraHeader=AUTHORIZATION: ***")]
    [InlineData("ssh://git@host:22/repo.git", "ssh://***@host:22/repo.git")]
    [InlineData("/srv/repos/plain.git has no secrets", "/srv/repos/plain.git has no secrets")]
    public void Redaction_masks_url_userinfo_and_authorization_headers(string text, string expected) =>
        Assert.Equal(expected, GitRedaction.Redact(text));

    [Fact]
    public void Options_and_commands_print_without_credentials()
    {
        var options = new GitRepositoryOptions("https://bot:tok3n@host/r.git", "/tmp/m");
        var command = new GitCommand(["ls-remote", "https://bot:tok3n@host/r.git"], "/tmp");

        Assert.DoesNotContain("tok3n", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("https://***@host/r.git", options.ToString(), StringComparison.Ordinal);
        Assert.Equal("git ls-remote https://***@host/r.git (in /tmp)", command.ToString());
    }

    [Fact]
    public void Exception_texts_are_redacted()
    {
        var error = new GitCommandException("push", 128, "fatal: https://u:pw@h/r failed", "git push to https://u:pw@h/r failed");

        Assert.Equal("git push to https://***@h/r failed", error.Message);
        Assert.Equal("fatal: https://***@h/r failed", error.StandardError);
    }
}
