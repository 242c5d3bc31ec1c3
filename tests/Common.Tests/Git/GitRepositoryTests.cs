using System.Text;
using Dm.Git;
using Dm.GitFixture;
using Dm.ResourceRepo;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dm.Common.Tests.Git;

public sealed class GitRepositoryTests(ITestOutputHelper output) : IDisposable
{
    private const string Fixture = """
        commits:
          - name: first
            files:
              deployers.yaml: "deployers: {}\n"
              dev/version/s1.yaml: "version: 1\n"
              dev/base/s1.yaml: "kind: Deployment\n"
          - name: head
            message: |
              Set s1 to 2

              Changelog line.

              DM-Source: latest
              DM-Target: dev
            files:
              deployers.yaml: "deployers: {}\n"
              dev/version/s1.yaml: "version: 2\n"
              dev/base/s1.yaml: "kind: Deployment\n"
              dev/version/s2.yaml: "version: 7\n"
        """;

    private static readonly CommitRequest Request = new("Test change", new GitIdentity("Tester", "tester@example.com"));

    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_creates_a_bare_mirror_and_fetch_returns_the_remote_head(bool fileUrl)
    {
        var remote = await CreateRemoteAsync();
        var url = fileUrl ? new Uri(remote.GitDirectory).AbsoluteUri : remote.GitDirectory;

        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(url, _dir.Sub("mirror")), Ct);

        Assert.Equal("true", PlainGit.Run(repo.GitDirectory, "rev-parse", "--is-bare-repository").Trim());
        Assert.Equal(remote.CommitId("head"), await repo.FetchAsync(Ct));
        Assert.Equal(remote.CommitId("head"), PlainGit.Run(repo.GitDirectory, "rev-parse", "refs/heads/main").Trim());
    }

    [Fact]
    public async Task Fetch_sees_new_remote_commits_and_a_reopened_mirror_keeps_working()
    {
        var remote = await CreateRemoteAsync();
        await using (var first = await OpenAsync(remote))
        {
            Assert.Equal(remote.CommitId("head"), await first.FetchAsync(Ct));
        }

        await remote.SetRefAsync("main", "first", Ct);
        await using var reopened = await OpenAsync(remote);
        Assert.Equal(remote.CommitId("first"), await reopened.FetchAsync(Ct));
    }

    [Fact]
    public async Task Resolve_understands_refs_and_relative_revisions_and_names_an_unknown_one()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        Assert.Equal(remote.CommitId("head"), await repo.ResolveAsync("main", Ct));
        Assert.Equal(remote.CommitId("first"), await repo.ResolveAsync("main~1", Ct));
        var error = await Assert.ThrowsAsync<GitCommandException>(() => repo.ResolveAsync("no-such-branch", Ct));
        Assert.Contains("'no-such-branch' does not name a commit", error.Message, StringComparison.Ordinal);
        var unknownId = new string('a', 40);
        var coldError = await Assert.ThrowsAsync<GitCommandException>(() => repo.ReadSnapshotAsync(unknownId, Ct));
        Assert.Contains($"'{unknownId}' does not name a commit", coldError.Message, StringComparison.Ordinal);
        await repo.ReadSnapshotAsync("main", Ct);
        var snapshotError = await Assert.ThrowsAsync<GitCommandException>(() => repo.ReadSnapshotAsync(unknownId, Ct));
        Assert.Contains($"'{unknownId}' does not name a commit", snapshotError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadTree_lists_every_blob_with_id_and_size_and_filters_by_prefix()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var tree = await repo.ReadTreeAsync("main", null, Ct);

        Assert.Equal(["deployers.yaml", "dev/base/s1.yaml", "dev/version/s1.yaml", "dev/version/s2.yaml"], tree.Select(e => e.Path));
        var s1 = tree.Single(e => e.Path == "dev/version/s1.yaml");
        Assert.Equal(PlainGit.Run(repo.GitDirectory, "rev-parse", "main:dev/version/s1.yaml").Trim(), s1.BlobId);
        Assert.Equal("version: 2\n".Length, s1.Size);
        Assert.Equal(["dev/version/s1.yaml", "dev/version/s2.yaml"], (await repo.ReadTreeAsync("main", "dev/version", Ct)).Select(e => e.Path));
    }

    [Fact]
    public async Task Snapshot_holds_every_file_and_the_next_revision_reads_only_the_changed_blob()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var first = await repo.ReadSnapshotAsync(remote.CommitId("first"), Ct);
        Assert.Equal(remote.CommitId("first"), first.Revision);
        Assert.Equal("version: 1\n", Text(first, "dev/version/s1.yaml"));
        Assert.Equal(3, repo.Statistics.BlobsRead);

        var head = await repo.ReadSnapshotAsync("main", Ct);

        Assert.Equal(4, head.Files.Count);
        Assert.Equal("version: 2\n", Text(head, "dev/version/s1.yaml"));
        Assert.Equal("version: 7\n", Text(head, "dev/version/s2.yaml"));
        Assert.Equal(PlainGit.Run(repo.GitDirectory, "rev-parse", "main:dev/version/s2.yaml").Trim(), head.Files["dev/version/s2.yaml"].BlobId);
        Assert.Equal(5, repo.Statistics.BlobsRead);
        Assert.Equal(1, repo.Statistics.CatFileProcessStarts);
    }

    [Fact]
    public async Task Incremental_snapshots_equal_full_reads_across_adds_deletes_renames_and_file_to_directory_changes()
    {
        const string Yaml = """
            commits:
              - name: c1
                files: { a: "1", b/c: "2", b/d: "3", e: "same" }
              - name: c2
                files: { a: "1", b/c: "changed", e: "same", f/g/h: "new" }
              - name: c3
                files: { a/inner: "a became a directory", b/c: "changed", e2: "same", f/g/h: "new" }
              - name: c4
                files: { e: "same" }
              - name: c5
                files: { a: "1", b/c: "2", b/d: "3", e: "same", x: "back on another line" }
            """;
        var remote = await FixtureRepository.CreateAsync(Yaml, _dir.Sub("remote.git"), Ct);
        await using var incremental = await OpenAsync(remote, "incremental");

        foreach (var name in new[] { "c1", "c2", "c3", "c4", "c5", "c2" })
        {
            var read = await incremental.ReadSnapshotAsync(remote.CommitId(name), Ct);
            await using var fresh = await OpenAsync(remote, "fresh-" + Guid.NewGuid().ToString("N"));
            var full = await fresh.ReadSnapshotAsync(remote.CommitId(name), Ct);

            Assert.Equal(remote.CommitId(name), read.Revision);
            Assert.Equal(full.Files.Keys.Order(StringComparer.Ordinal), read.Files.Keys.Order(StringComparer.Ordinal));
            Assert.All(full.Files.Values, f =>
            {
                Assert.Equal(f.BlobId, read.Files[f.Path].BlobId);
                Assert.Equal(f.Content.ToArray(), read.Files[f.Path].Content.ToArray());
            });
        }
    }

    [Fact]
    public async Task Many_blobs_are_read_through_one_cat_file_process()
    {
        var files = string.Join("\n", Enumerable.Range(0, 500).Select(i => $"      f/{i:D3}.yaml: \"content {i}\\n\""));
        var remote = await FixtureRepository.CreateAsync($"commits:\n  - files:\n{files}\n", _dir.Sub("remote.git"), Ct);
        await using var repo = await OpenAsync(remote);

        var snapshot = await repo.ReadSnapshotAsync("main", Ct);
        var again = await repo.ReadBlobsAsync(snapshot.Files.Values.Select(f => f.BlobId).ToList(), Ct);

        Assert.Equal(500, snapshot.Files.Count);
        Assert.Equal("content 123\n", Text(snapshot, "f/123.yaml"));
        Assert.Equal(500, again.Count);
        Assert.Equal(new GitReadStatistics(1, 500, 500), repo.Statistics);
    }

    [Fact]
    public async Task Parallel_snapshot_reads_share_the_cat_file_process()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => repo.ReadSnapshotAsync(i % 2 == 0 ? "main" : "main~1", Ct)));

        Assert.All(reads, s => Assert.True(s.Files.Count is 3 or 4));
        Assert.Equal(1, repo.Statistics.CatFileProcessStarts);
    }

    [Fact]
    public async Task Log_streams_commits_with_changed_paths_trailers_and_authors()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var log = await ToListAsync(repo.LogAsync(new LogQuery(), Ct));

        Assert.Equal([remote.CommitId("head"), remote.CommitId("first")], log.Select(c => c.Id));
        var head = log[0];
        Assert.Equal([remote.CommitId("first")], head.ParentIds);
        Assert.Equal(FixtureRepository.Identity, head.Author);
        Assert.Equal(FixtureRepository.BaseTime.AddMinutes(1), head.AuthorTime);
        Assert.Equal(FixtureRepository.BaseTime.AddMinutes(1), head.CommitterTime);
        Assert.Equal("Set s1 to 2", head.Subject);
        Assert.Equal("Set s1 to 2\n\nChangelog line.\n\nDM-Source: latest\nDM-Target: dev", head.Message);
        Assert.Equal([new CommitTrailer("DM-Source", "latest"), new CommitTrailer("DM-Target", "dev")], head.Trailers);
        Assert.Equal(
            [new ChangedPath(ChangeKind.Modified, "dev/version/s1.yaml"), new ChangedPath(ChangeKind.Added, "dev/version/s2.yaml")],
            head.ChangedPaths);
        Assert.Empty(log[1].ParentIds);
        Assert.Equal(3, log[1].ChangedPaths.Count);
        Assert.All(log[1].ChangedPaths, p => Assert.Equal(ChangeKind.Added, p.Kind));
    }

    [Fact]
    public async Task Log_filters_by_path_range_and_count_and_survives_hostile_messages_and_renames()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);
        var hostile = $"Subject\n\n{remote.CommitId("first")}\nM\nR100\n\0-free but odd: \t tabs";
        hostile = hostile.Replace("\0", string.Empty, StringComparison.Ordinal);
        var renamed = await repo.CommitAsync(
            Request with { Message = hostile },
            [new FileChange.Delete("dev/version/s2.yaml"), new FileChange.Put("dev/version/sub/s2.yaml", "version: 7\n")],
            Ct);
        var committed = Assert.IsType<CommitResult.Committed>(renamed);

        var all = await ToListAsync(repo.LogAsync(new LogQuery(), Ct));
        var onlyS1 = await ToListAsync(repo.LogAsync(new LogQuery { Paths = ["dev/version/s1.yaml"] }, Ct));
        var range = await ToListAsync(repo.LogAsync(new LogQuery { Revision = $"{remote.CommitId("first")}..main" }, Ct));
        var limited = await ToListAsync(repo.LogAsync(new LogQuery { MaxCount = 1 }, Ct));

        Assert.Equal(3, all.Count);
        Assert.Equal(hostile.TrimEnd('\n'), all[0].Message);
        Assert.Empty(all[0].Trailers);
        Assert.Equal([new ChangedPath(ChangeKind.Renamed, "dev/version/sub/s2.yaml", "dev/version/s2.yaml")], all[0].ChangedPaths);
        Assert.Equal([remote.CommitId("head"), remote.CommitId("first")], onlyS1.Select(c => c.Id));
        Assert.Equal([new ChangedPath(ChangeKind.Modified, "dev/version/s1.yaml")], onlyS1[0].ChangedPaths);
        Assert.Equal([committed.CommitId, remote.CommitId("head")], range.Select(c => c.Id));
        Assert.Equal([committed.CommitId], limited.Select(c => c.Id));
    }

    [Fact]
    public async Task Log_of_an_unknown_revision_throws_with_git_stderr()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => ToListAsync(repo.LogAsync(new LogQuery { Revision = "nope" }, Ct)));

        Assert.Equal("log", error.Subcommand);
        Assert.Contains("nope", error.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffPaths_lists_added_modified_deleted_paths()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var diff = await repo.DiffPathsAsync(remote.CommitId("head"), remote.CommitId("first"), Ct);

        Assert.Equal(
            [new ChangedPath(ChangeKind.Modified, "dev/version/s1.yaml"), new ChangedPath(ChangeKind.Deleted, "dev/version/s2.yaml")],
            diff);
    }

    [Fact]
    public async Task Commit_pushes_a_new_commit_on_the_remote_head_and_moves_the_local_ref()
    {
        var remote = await CreateRemoteAsync();
        var time = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var options = new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror")) { Committer = new GitIdentity("DM Aggregator", "aggregator@dm") };
        await using var repo = await GitRepository.OpenAsync(options, null, new FakeTimeProvider(time), new Random(1), Ct);

        var result = await repo.CommitAsync(
            Request with { Message = "Set s1 to 3\n\nDM-Resource: s1" },
            [new FileChange.Put("dev/version/s1.yaml", "version: 3\n"), new FileChange.Delete("dev/version/s2.yaml"), new FileChange.Put("prod/version/s1.yaml", "version: 3\n")],
            Ct);

        var committed = Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(remote.CommitId("head"), committed.ParentId);
        Assert.Equal(1, committed.Attempts);
        Assert.Equal(committed.CommitId, PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
        Assert.Equal(committed.CommitId, PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim());
        Assert.Equal("version: 3\n", PlainGit.Run(remote.GitDirectory, "show", "main:prod/version/s1.yaml"));
        Assert.Equal(
            ["deployers.yaml", "dev/base/s1.yaml", "dev/version/s1.yaml", "prod/version/s1.yaml"],
            PlainGit.Lines(remote.GitDirectory, "ls-tree", "-r", "--name-only", "main"));
        Assert.Equal(
            $"Tester|tester@example.com|DM Aggregator|aggregator@dm|{time.ToUnixTimeSeconds()}|{time.ToUnixTimeSeconds()}|{remote.CommitId("head")}",
            PlainGit.Run(remote.GitDirectory, "log", "-1", "--format=%an|%ae|%cn|%ce|%at|%ct|%P", "main").Trim());
        Assert.Equal("Set s1 to 3\n\nDM-Resource: s1\n", PlainGit.Run(remote.GitDirectory, "log", "-1", "--format=%B", "main").TrimEnd('\n') + "\n");
        Assert.Equal(string.Empty, PlainGit.Run(remote.GitDirectory, "fsck", "--strict", "--no-dangling", "--no-progress"));
    }

    [Fact]
    public async Task Paths_with_spaces_quotes_and_unicode_round_trip_through_write_read_and_log()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);
        const string OddPath = "prod/version/sérvice \"quoted\" ünï.yaml";

        var committed = Assert.IsType<CommitResult.Committed>(await repo.CommitAsync(Request, [new FileChange.Put(OddPath, "version: 1\n")], Ct));

        Assert.Equal("version: 1\n", Text(await repo.ReadSnapshotAsync(committed.CommitId, Ct), OddPath));
        Assert.Contains(OddPath, (await repo.ReadTreeAsync("main", "prod", Ct)).Select(e => e.Path));
        var log = await ToListAsync(repo.LogAsync(new LogQuery { MaxCount = 1 }, Ct));
        Assert.Equal([new ChangedPath(ChangeKind.Added, OddPath)], log[0].ChangedPaths);
        Assert.Equal([new ChangedPath(ChangeKind.Added, OddPath)], await repo.DiffPathsAsync(remote.CommitId("head"), committed.CommitId, Ct));
    }

    [Fact]
    public async Task Commit_that_leaves_the_tree_unchanged_is_skipped()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var same = await repo.CommitAsync(Request, [new FileChange.Put("dev/version/s1.yaml", "version: 2\n"), new FileChange.Delete("does/not/exist.yaml")], Ct);
        var none = await repo.CommitAsync(Request, [], Ct);

        Assert.Equal(new CommitResult.NoChange(remote.CommitId("head")), same);
        Assert.Equal(new CommitResult.NoChange(remote.CommitId("head")), none);
        Assert.Equal("2", PlainGit.Run(remote.GitDirectory, "rev-list", "--count", "main").Trim());
    }

    [Theory]
    [InlineData("", "the path is empty")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("a/../b", "'..' segment")]
    [InlineData("./a", "'.' segment")]
    [InlineData(".git/config", "'.git' segment")]
    [InlineData("a/.GIT/hooks", "'.git' segment")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a\nb", "control character")]
    public async Task Commit_refuses_unsafe_paths_before_touching_git(string path, string reason)
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => repo.CommitAsync(Request, [new FileChange.Put(path, "x")], Ct));
        var fromFunction = await Assert.ThrowsAsync<ArgumentException>(() => repo.CommitAsync(Request, _ => [new FileChange.Delete(path)], Ct));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, fromFunction.Message, StringComparison.Ordinal);
        Assert.Equal(remote.CommitId("head"), PlainGit.Run(remote.GitDirectory, "rev-parse", "main").Trim());
    }

    [Fact]
    public async Task Twenty_concurrent_writers_on_separate_mirrors_all_land_in_a_linear_history()
    {
        var remote = await CreateRemoteAsync();
        var writers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => GitRepository.OpenAsync(
            new GitRepositoryOptions(remote.GitDirectory, _dir.Sub($"writer-{i}")) { MaxPushAttempts = 40 },
            null,
            null,
            new Random(i),
            Ct)));
        try
        {
            var results = await Task.WhenAll(writers.Select((w, i) => w.CommitAsync(
                Request with { Message = $"Writer {i}" },
                [new FileChange.Put($"writers/{i}.yaml", $"writer: {i}\n")],
                Ct)));

            Assert.All(results, r => Assert.IsType<CommitResult.Committed>(r));
            output.WriteLine($"attempts: {string.Join(", ", results.Cast<CommitResult.Committed>().Select(c => c.Attempts))}");
            Assert.Equal(20, PlainGit.Lines(remote.GitDirectory, "ls-tree", "--name-only", "main:writers").Count);
            Assert.Equal(22, int.Parse(PlainGit.Run(remote.GitDirectory, "rev-list", "--count", "main"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(PlainGit.Run(remote.GitDirectory, "rev-list", "--merges", "main"));
            Assert.All(
                PlainGit.Lines(remote.GitDirectory, "rev-list", "--parents", "main").SkipLast(1),
                line => Assert.Equal(2, line.Split(' ').Length));
            var messages = PlainGit.Lines(remote.GitDirectory, "log", "--format=%s", "main");
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"Writer {i}").Order(), messages.Where(m => m.StartsWith("Writer", StringComparison.Ordinal)).Order());
            Assert.Equal(string.Empty, PlainGit.Run(remote.GitDirectory, "fsck", "--strict", "--no-dangling", "--no-progress"));
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Second_writer_on_the_same_file_reapplies_its_change_on_the_new_head()
    {
        var remote = await CreateRemoteAsync();
        await using var first = await OpenAsync(remote, "first");
        await using var second = await OpenAsync(remote, "second");
        var seenVersions = new List<string>();

        var result = await second.CommitAsync(
            Request with { Message = "Second writer" },
            snapshot =>
            {
                var current = Encoding.UTF8.GetString(snapshot.Files["dev/version/s1.yaml"].Content.Span);
                seenVersions.Add(current);
                if (seenVersions.Count == 1)
                {
                    // The first writer lands while the second is between reading the head and pushing.
                    var landed = first.CommitAsync(Request with { Message = "First writer" }, s => [Append(s, "dev/version/s1.yaml", "first: true\n")], Ct).GetAwaiter().GetResult();
                    Assert.IsType<CommitResult.Committed>(landed);
                }

                return [Append(snapshot, "dev/version/s1.yaml", "second: true\n")];
            },
            Ct);

        var committed = Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(2, committed.Attempts);
        Assert.Equal(["version: 2\n", "version: 2\nfirst: true\n"], seenVersions);
        Assert.Equal("version: 2\nfirst: true\nsecond: true\n", PlainGit.Run(remote.GitDirectory, "show", "main:dev/version/s1.yaml"));
        Assert.Equal(["Second writer", "First writer", "Set s1 to 2", "Commit first"], PlainGit.Lines(remote.GitDirectory, "log", "--format=%s", "main"));
    }

    [Fact]
    public async Task Async_change_functions_see_the_head_snapshot()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        var result = await repo.CommitAsync(
            Request,
            async (snapshot, ct) =>
            {
                await Task.Yield();
                return snapshot.Files.Keys.Where(p => p.StartsWith("dev/version/", StringComparison.Ordinal))
                    .Select(p => (FileChange)new FileChange.Put("prod/" + p["dev/".Length..], snapshot.Files[p].Content))
                    .ToList();
            },
            Ct);

        Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(["prod/version/s1.yaml", "prod/version/s2.yaml"], PlainGit.Lines(remote.GitDirectory, "ls-tree", "-r", "--name-only", "main", "prod"));
        Assert.Equal("version: 7\n", PlainGit.Run(remote.GitDirectory, "show", "main:prod/version/s2.yaml"));
    }

    [Fact]
    public async Task A_large_commit_goes_through_one_pack_and_lands_intact()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);
        var changes = Enumerable.Range(0, 300).Select(i => (FileChange)new FileChange.Put($"prod/version/r{i:D3}.yaml", $"version: {i}\n")).ToList();

        var result = await repo.CommitAsync(Request, changes, Ct);

        Assert.IsType<CommitResult.Committed>(result);
        Assert.Equal(300, PlainGit.Lines(remote.GitDirectory, "ls-tree", "--name-only", "main:prod/version").Count);
        Assert.Equal("version: 123\n", PlainGit.Run(remote.GitDirectory, "show", "main:prod/version/r123.yaml"));
        Assert.Equal(string.Empty, PlainGit.Run(repo.GitDirectory, "fsck", "--strict", "--no-dangling", "--no-progress"));
    }

    [Fact]
    public async Task Rejected_pushes_beyond_the_attempt_limit_fail_with_git_reason()
    {
        var remote = await CreateRemoteAsync();
        await using var other = await OpenAsync(remote, "other");
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("limited")) { MaxPushAttempts = 1 }, Ct);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => repo.CommitAsync(
            Request,
            snapshot =>
            {
                other.CommitAsync(Request, [new FileChange.Put("other.yaml", "x")], Ct).GetAwaiter().GetResult();
                return [new FileChange.Put("mine.yaml", "y")];
            },
            Ct));

        Assert.Equal("push", error.Subcommand);
        Assert.Contains("rejected 1 times", error.Message, StringComparison.Ordinal);
        Assert.Contains(remote.GitDirectory, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, PlainGit.Lines(remote.GitDirectory, "ls-tree", "--name-only", "main").Count(p => p == "other.yaml"));
        Assert.DoesNotContain("mine.yaml", PlainGit.Lines(remote.GitDirectory, "ls-tree", "--name-only", "main"));
    }

    [Fact]
    public async Task Retries_back_off_exponentially_with_jitter_on_the_injected_clock()
    {
        var remote = await CreateRemoteAsync();
        await using var other = await OpenAsync(remote, "other");
        var clock = new RecordingTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), advanceToEachTimer: true);
        var options = new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("backoff"))
        {
            MaxPushAttempts = 4,
            RetryBaseDelay = TimeSpan.FromHours(1),
            RetryMaxDelay = TimeSpan.FromHours(3),
        };
        await using var repo = await GitRepository.OpenAsync(options, null, clock, new Random(42), Ct);
        var calls = 0;

        // Another writer lands during every attempt, so every push is rejected.
        await Assert.ThrowsAsync<GitCommandException>(() => repo.CommitAsync(
            Request,
            snapshot =>
            {
                calls++;
                other.CommitAsync(Request, [new FileChange.Put("other.yaml", $"{calls}")], Ct).GetAwaiter().GetResult();
                return [new FileChange.Put("mine.yaml", "y")];
            },
            Ct));

        Assert.Equal(4, calls);
        var delays = clock.RequestedDelays;
        Assert.Equal(3, delays.Count);
        Assert.InRange(delays[0], TimeSpan.Zero, TimeSpan.FromHours(1));
        Assert.InRange(delays[1], TimeSpan.Zero, TimeSpan.FromHours(2));
        Assert.InRange(delays[2], TimeSpan.Zero, TimeSpan.FromHours(3));
        Assert.Equal(3, delays.Distinct().Count());
    }

    [Fact]
    public async Task A_missing_remote_gives_an_error_naming_the_url_and_leaves_no_mirror_behind()
    {
        var missing = _dir.Sub("no-such-remote.git");
        var mirror = _dir.Sub("mirror");

        var error = await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(new GitRepositoryOptions(missing, mirror), Ct));

        Assert.Equal("fetch", error.Subcommand);
        Assert.StartsWith($"git fetch of branch 'main' from {missing} failed (exit code 128): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not appear to be a git repository", error.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(mirror));
    }

    [Fact]
    public async Task A_failed_open_in_an_existing_empty_directory_leaves_it_empty()
    {
        var mirror = _dir.Sub("mount-point");
        Directory.CreateDirectory(mirror);

        await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(new GitRepositoryOptions(_dir.Sub("nothing.git"), mirror), Ct));

        Assert.True(Directory.Exists(mirror));
        Assert.Empty(Directory.EnumerateFileSystemEntries(mirror));
    }

    [Fact]
    public async Task A_missing_branch_gives_an_error_naming_the_branch()
    {
        var remote = await CreateRemoteAsync();

        var error = await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(
            new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror")) { Branch = "master" },
            Ct));

        Assert.Contains($"git fetch of branch 'master' from {remote.GitDirectory} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("couldn't find remote ref refs/heads/master", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_in_the_remote_url_never_appear_in_errors()
    {
        const string Url = "https://deploy-bot:s3cr3t-t0ken@127.0.0.1:9/org/repo.git";

        var error = await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(new GitRepositoryOptions(Url, _dir.Sub("mirror")), Ct));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("https://***@127.0.0.1:9/org/repo.git", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_never_reach_the_logs()
    {
        var remote = await CreateRemoteAsync();
        var logger = new CapturingLogger();
        var withToken = "file://deploy-bot:s3cr3t-t0ken@" + remote.GitDirectory;
        var refused = "https://deploy-bot:s3cr3t-t0ken@127.0.0.1:9/org/repo.git";

        await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(new GitRepositoryOptions(refused, _dir.Sub("refused")), logger, null, null, Ct));
        var local = new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror"));
        await using (var repo = await GitRepository.OpenAsync(local, logger, null, null, Ct))
        {
            await repo.CommitAsync(Request, [new FileChange.Put("x.yaml", "x")], Ct);
        }

        await using (var tokenRepo = await GitRepository.OpenAsync(new GitRepositoryOptions(withToken, _dir.Sub("mirror2")), logger, null, null, Ct))
        {
            await tokenRepo.CommitAsync(Request, [new FileChange.Put("y.yaml", "y")], Ct);
        }

        Assert.Contains(logger.Entries, e => e.Contains("https://***@127.0.0.1:9/org/repo.git", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.StartsWith("Information: Pushed ", StringComparison.Ordinal) && e.Contains("file://***@", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_path_that_is_not_a_bare_repo_is_refused()
    {
        var remote = await CreateRemoteAsync();
        var occupied = _dir.Sub("occupied");
        Directory.CreateDirectory(occupied);
        await File.WriteAllTextAsync(Path.Combine(occupied, "notes.txt"), "mine", Ct);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, occupied), Ct));

        Assert.Contains($"'{occupied}' exists but is not a bare git repository", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(occupied, "notes.txt")));
    }

    [Fact]
    public async Task Stopping_a_log_walk_early_ends_the_git_process()
    {
        var remote = await CreateRemoteAsync();
        await using var repo = await OpenAsync(remote);

        await foreach (var commit in repo.LogAsync(new LogQuery(), Ct))
        {
            Assert.Equal(remote.CommitId("head"), commit.Id);
            break;
        }

        Assert.Equal(2, (await ToListAsync(repo.LogAsync(new LogQuery(), Ct))).Count);
    }

    private static FileChange Append(RepoSnapshot snapshot, string path, string line) =>
        new FileChange.Put(path, Encoding.UTF8.GetString(snapshot.Files[path].Content.Span) + line);

    private static string Text(RepoSnapshot snapshot, string path) => Encoding.UTF8.GetString(snapshot.Files[path].Content.Span);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private Task<FixtureRepository> CreateRemoteAsync() => FixtureRepository.CreateAsync(Fixture, _dir.Sub("remote.git"), Ct);

    private Task<GitRepository> OpenAsync(FixtureRepository remote, string name = "mirror") =>
        GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub(name)), Ct);
}
