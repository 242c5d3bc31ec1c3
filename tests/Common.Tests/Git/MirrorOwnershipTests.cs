using Dm.Git;
using Dm.GitFixture;

namespace Dm.Common.Tests.Git;

/// <summary>Lock files a killed git left in a mirror, with real git: the owner clears them, a second process leaves them.</summary>
public sealed class MirrorOwnershipTests : IDisposable
{
    private const string Fixture = """
        commits:
          - name: head
            files:
              dev/version/s1.yaml: "version: 1\n"
        """;

    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_mirror_left_with_a_killed_gits_lock_files_opens_fetches_and_commits_again()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        var options = new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror"));
        string gitDirectory;
        await using (var first = await GitRepository.OpenAsync(options, Ct))
        {
            gitDirectory = first.GitDirectory;
        }

        // What a git killed mid-fetch or mid-symbolic-ref leaves behind.
        string[] stale = ["HEAD.lock", "config.lock", "packed-refs.lock", Path.Combine("refs", "heads", "main.lock")];
        foreach (var file in stale)
        {
            await File.WriteAllTextAsync(Path.Combine(gitDirectory, file), string.Empty, Ct);
        }

        Assert.NotEqual(0, PlainGit.TryRun(gitDirectory, "symbolic-ref", "HEAD", "refs/heads/main").ExitCode);

        await using var reopened = await GitRepository.OpenAsync(options, Ct);
        Assert.All(stale, file => Assert.False(File.Exists(Path.Combine(gitDirectory, file)), $"{file} was removed"));
        var committed = await reopened.CommitAsync(
            _ => new CommitPlan([new FileChange.Put("dev/version/s1.yaml", "version: 2\n")], "Bump s1", new GitIdentity("A", "a@example.com")),
            Ct);
        Assert.IsType<CommitResult.Committed>(committed);
        Assert.Equal("version: 2\n", PlainGit.Run(remote.GitDirectory, "show", "main:dev/version/s1.yaml"));
    }

    [Fact]
    public async Task A_second_repository_on_a_mirror_in_use_leaves_its_lock_files_alone()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        var options = new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror"));
        await using var owner = await GitRepository.OpenAsync(options, Ct);
        var live = Path.Combine(owner.GitDirectory, "refs", "heads", "other.lock");
        await File.WriteAllTextAsync(live, string.Empty, Ct);

        await using var second = await GitRepository.OpenAsync(options, Ct);

        Assert.True(File.Exists(live), "a lock in a mirror another repository holds may be live: it stays");
        Assert.Equal(await owner.FetchAsync(Ct), await second.FetchAsync(Ct));
    }
}
