using System.Text;
using Dm.Git;
using Dm.GitFixture;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.Git;

/// <summary>The <see cref="CommitPlan"/> overloads of <see cref="GitRepository.CommitAsync(Func{RepoSnapshot, CommitPlan?}, CancellationToken)"/>, with real git.</summary>
public sealed class CommitPlanTests : IDisposable
{
    private const string Fixture = """
        commits:
          - name: head
            files:
              dev/version/s1.yaml: "version: 1\n"
        """;

    private static readonly GitIdentity Alice = new("Alice", "alice@example.com");
    private static readonly GitIdentity Bob = new("Bob", "bob@example.com");

    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_writer_that_loses_the_race_replans_its_message_on_the_head_it_lands_on()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        await using var first = await OpenAsync(remote, "first");
        await using var second = await OpenAsync(remote, "second");
        var planned = new List<string>();

        var result = await second.CommitAsync(
            snapshot =>
            {
                var current = Version(snapshot);
                planned.Add(current);
                if (planned.Count == 1)
                {
                    // The first writer lands between the second's planning and its push.
                    var landed = first.CommitAsync(s => Bump(s, Alice), Ct).GetAwaiter().GetResult();
                    Assert.IsType<CommitResult.Committed>(landed);
                }

                return Bump(snapshot, Bob);
            },
            Ct);

        var committed = Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(2, committed.Attempts);
        Assert.Equal(["1", "2"], planned);
        Assert.Equal(["Bump s1 from 2 to 3", "Bump s1 from 1 to 2"], PlainGit.Lines(remote.GitDirectory, "log", "-2", "--format=%s", "main"));
        Assert.Equal(["Bob <bob@example.com>", "Alice <alice@example.com>"], PlainGit.Lines(remote.GitDirectory, "log", "-2", "--format=%an <%ae>", "main"));
        Assert.Equal("version: 3\n", PlainGit.Run(remote.GitDirectory, "show", "main:dev/version/s1.yaml"));
    }

    [Fact]
    public async Task A_null_plan_or_a_plan_that_changes_nothing_makes_no_commit()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        await using var repo = await OpenAsync(remote, "mirror");
        var head = remote.CommitId("head");

        var none = await repo.CommitAsync(_ => null, Ct);
        var same = await repo.CommitAsync(
            (s, _) => Task.FromResult<CommitPlan?>(new CommitPlan([new FileChange.Put("dev/version/s1.yaml", "version: 1\n")], "Same", Alice)),
            Ct);

        Assert.Equal(new CommitResult.NoChange(head), none);
        Assert.Equal(new CommitResult.NoChange(head), same);
        Assert.Equal(head, PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
    }

    [Fact]
    public async Task The_plan_names_author_and_committer_and_the_next_plan_sees_the_commit_just_made()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        await using var repo = await OpenAsync(remote, "mirror");
        var robot = new GitIdentity("Robot", "robot@example.com");

        var first = await repo.CommitAsync(s => Bump(s, Alice) with { Committer = robot }, Ct);
        var seen = new List<string>();
        var second = await repo.CommitAsync(
            s =>
            {
                seen.Add(Version(s));
                return Bump(s, Bob);
            },
            Ct);

        Assert.IsType<CommitResult.Committed>(first);
        Assert.IsType<CommitResult.Committed>(second);
        Assert.Equal(["2"], seen);
        Assert.Equal(["Bob|DM", "Alice|Robot"], PlainGit.Lines(remote.GitDirectory, "log", "-2", "--format=%an|%cn", "main"));
        Assert.Equal(string.Empty, PlainGit.Run(remote.GitDirectory, "fsck", "--strict", "--no-dangling", "--no-progress"));
    }

    [Fact]
    public async Task Without_fetch_before_commit_a_stale_mirror_is_fetched_after_the_rejected_push()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        await using var other = await OpenAsync(remote, "other");
        await using var repo = await GitRepository.OpenAsync(
            new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror")) { FetchBeforeCommit = false }, Ct);
        Assert.IsType<CommitResult.Committed>(await other.CommitAsync(s => Bump(s, Alice), Ct));
        var planned = new List<string>();

        var result = await repo.CommitAsync(
            s =>
            {
                planned.Add(Version(s));
                return Bump(s, Bob);
            },
            Ct);

        var committed = Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(2, committed.Attempts);
        Assert.Equal(["1", "2"], planned);
        Assert.Equal("Bump s1 from 2 to 3", PlainGit.Run(remote.GitDirectory, "log", "-1", "--format=%s", "main").Trim());
    }

    [Fact]
    public async Task Without_fetch_before_commit_an_empty_plan_on_a_stale_mirror_is_planned_again_on_the_remote_head()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        await using var other = await OpenAsync(remote, "other");
        await using var repo = await GitRepository.OpenAsync(
            new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror")) { FetchBeforeCommit = false }, Ct);
        Assert.IsType<CommitResult.Committed>(await other.CommitAsync(s => Bump(s, Alice), Ct));
        var planned = new List<string>();

        // "Only once s1 is at 2" is refused (null) on the stale mirror, which still has 1; the remote has 2.
        var result = await repo.CommitAsync(
            s =>
            {
                planned.Add(Version(s));
                return Version(s) == "2" ? Bump(s, Bob) : null;
            },
            Ct);

        Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(["1", "2"], planned);
        Assert.Equal("Bump s1 from 2 to 3", PlainGit.Run(remote.GitDirectory, "log", "-1", "--format=%s", "main").Trim());

        // On a mirror that is up to date, an empty plan is final after one look.
        planned.Clear();
        var unchanged = await repo.CommitAsync(
            s =>
            {
                planned.Add(Version(s));
                return null;
            },
            Ct);
        Assert.IsType<CommitResult.NoChange>(unchanged);
        Assert.Equal(["3"], planned);
    }

    [Fact]
    public async Task Odd_identities_and_paths_are_written_as_given()
    {
        var remote = await FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);
        await using var repo = await OpenAsync(remote, "mirror");
        const string Path = "dev/version/\"quoted\" sérvice ünï.yaml";

        var result = await repo.CommitAsync(
            _ => new CommitPlan([new FileChange.Put(Path, "version: 9\n"), new FileChange.Delete("dev/version/s1.yaml")], "Odd\n\nBody", new GitIdentity("Eve <evil>", "eve@example.com")),
            Ct);

        Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal([Path], PlainGit.Run(remote.GitDirectory, "ls-tree", "-r", "-z", "--name-only", "main").Split('\0', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Eve evil <eve@example.com>", PlainGit.Run(remote.GitDirectory, "log", "-1", "--format=%an <%ae>", "main").Trim());
        Assert.Equal("Odd\n\nBody\n", PlainGit.Run(remote.GitDirectory, "log", "-1", "--format=%B", "main").TrimEnd('\n') + "\n");
    }

    private static string Version(RepoSnapshot snapshot) =>
        Encoding.UTF8.GetString(snapshot.Files["dev/version/s1.yaml"].Content.Span)["version: ".Length..].Trim();

    private static CommitPlan Bump(RepoSnapshot snapshot, GitIdentity author)
    {
        var current = int.Parse(Version(snapshot), System.Globalization.CultureInfo.InvariantCulture);
        return new CommitPlan(
            [new FileChange.Put("dev/version/s1.yaml", $"version: {current + 1}\n")],
            $"Bump s1 from {current} to {current + 1}",
            author);
    }

    private Task<GitRepository> OpenAsync(FixtureRepository remote, string name) =>
        GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub(name)), Ct);
}
