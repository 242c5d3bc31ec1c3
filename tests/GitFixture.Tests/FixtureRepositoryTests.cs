namespace Dm.GitFixture.Tests;

public sealed class FixtureRepositoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dm-fixture-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("test_repo.yaml")]
    [InlineData("repo_mock.yaml")]
    [InlineData("transition_target_changed.yaml")]
    public async Task Cautious_tribble_fixtures_round_trip_into_a_bare_repo(string file)
    {
        var template = await FixtureTemplate.LoadAsync(Path.Combine("testdata", file), CancellationToken.None);

        var repo = await FixtureRepository.CreateAsync(template, Path.Combine(_dir, "repo.git"), CancellationToken.None);

        Assert.Equal("true", PlainGit.Run(repo.GitDirectory, "rev-parse", "--is-bare-repository").Trim());
        Assert.Equal(template.Commits.Count, int.Parse(PlainGit.Run(repo.GitDirectory, "rev-list", "--count", "main"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            template.Commits.Select(c => c.EffectiveMessage).Reverse(),
            PlainGit.Lines(repo.GitDirectory, "log", "--format=%s", "main"));
        foreach (var commit in template.Commits.Where(c => c.Name is not null))
        {
            var id = repo.CommitId(commit.Name!);
            Assert.Equal(commit.Files.Keys.Order(StringComparer.Ordinal), PlainGit.Lines(repo.GitDirectory, "ls-tree", "-r", "--name-only", id));
            foreach (var (path, content) in commit.Files)
            {
                Assert.Equal(content, PlainGit.Run(repo.GitDirectory, "show", $"{id}:{path}"));
            }
        }

        Assert.Equal(string.Empty, PlainGit.Run(repo.GitDirectory, "fsck", "--strict", "--no-progress"));
    }

    [Fact]
    public async Task Commit_ids_are_the_same_on_every_run()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine("testdata", "test_repo.yaml"));

        var one = await FixtureRepository.CreateAsync(yaml, Path.Combine(_dir, "one.git"), CancellationToken.None);
        var two = await FixtureRepository.CreateAsync(yaml, Path.Combine(_dir, "two.git"), CancellationToken.None);

        Assert.Equal(one.Commits, two.Commits);
        Assert.Equal(one.CommitId("head"), PlainGit.Run(one.GitDirectory, "rev-parse", "main").Trim());
        Assert.Equal(
            "Git Fixture|git-fixture@localhost|1577836860|Git Fixture|1577836860",
            PlainGit.Run(one.GitDirectory, "log", "-1", "--format=%an|%ae|%at|%cn|%ct", "main").Trim());
    }

    [Fact]
    public async Task Parent_names_an_earlier_commit_and_the_branch_is_configurable()
    {
        const string Yaml = """
            commits:
              - name: root
                files: { a: "1" }
              - name: left
                files: { a: "2" }
              - name: right
                parent: root
                files: { a: "3" }
              - name: after-right
                files: { a: "4" }
            """;

        var repo = await FixtureRepository.CreateAsync(Yaml, Path.Combine(_dir, "repo.git"), CancellationToken.None, branch: "master");

        Assert.Equal("master", repo.Branch);
        Assert.Equal(repo.CommitId("after-right"), PlainGit.Run(repo.GitDirectory, "rev-parse", "master").Trim());
        Assert.Equal(repo.CommitId("root"), PlainGit.Run(repo.GitDirectory, "rev-parse", repo.CommitId("right") + "^").Trim());
        Assert.Equal(repo.CommitId("root"), PlainGit.Run(repo.GitDirectory, "rev-parse", repo.CommitId("left") + "^").Trim());
        Assert.Equal(repo.CommitId("right"), PlainGit.Run(repo.GitDirectory, "rev-parse", repo.CommitId("after-right") + "^").Trim());
    }

    [Fact]
    public async Task SetRef_points_a_ref_at_a_named_commit()
    {
        var repo = await CreateTestRepoAsync();

        await repo.SetRefAsync("main", "first", CancellationToken.None);
        await repo.SetRefAsync("refs/heads/deployed", "head", CancellationToken.None);

        Assert.Equal(repo.CommitId("first"), PlainGit.Run(repo.GitDirectory, "rev-parse", "refs/heads/main").Trim());
        Assert.Equal(repo.CommitId("head"), PlainGit.Run(repo.GitDirectory, "rev-parse", "refs/heads/deployed").Trim());
        var error = await Assert.ThrowsAsync<FixtureException>(() => repo.SetRefAsync("main", "nope", CancellationToken.None));
        Assert.Equal("No fixture commit is named 'nope'; named commits: 'first', 'head'.", error.Message);
    }

    [Fact]
    public async Task Apply_writes_a_named_commit_over_a_ref_as_a_new_commit_and_compare_then_matches()
    {
        var template = await FixtureTemplate.LoadAsync(Path.Combine("testdata", "transition_target_changed.yaml"), CancellationToken.None);
        var repo = await FixtureRepository.CreateAsync(template, Path.Combine(_dir, "repo.git"), CancellationToken.None);
        await repo.SetRefAsync("main", "head", CancellationToken.None);
        Assert.IsType<TreeComparison.Mismatch>(await repo.CompareAsync("main", "expected", CancellationToken.None));

        var applied = await repo.ApplyAsync("main", "expected", CancellationToken.None);

        Assert.Equal(applied, PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim());
        Assert.Equal(repo.CommitId("head"), PlainGit.Run(repo.GitDirectory, "rev-parse", "main^").Trim());
        Assert.NotEqual(repo.CommitId("expected"), applied);
        Assert.IsType<TreeComparison.Match>(await repo.CompareAsync("main", "expected", CancellationToken.None));
        await repo.AssertRefMatchesAsync("main", "expected", CancellationToken.None);
    }

    [Fact]
    public async Task Apply_keeps_files_of_the_ref_that_the_named_commit_does_not_mention()
    {
        var repo = await FixtureRepository.CreateAsync(
            "commits:\n  - name: base\n    files: { keep: k, change: old }\n  - name: patch\n    parent: base\n    files: { change: new }\n",
            Path.Combine(_dir, "repo.git"),
            CancellationToken.None);
        await repo.SetRefAsync("main", "base", CancellationToken.None);

        await repo.ApplyAsync("main", "patch", CancellationToken.None);

        Assert.Equal(["change", "keep"], PlainGit.Lines(repo.GitDirectory, "ls-tree", "--name-only", "main"));
        Assert.Equal("new", PlainGit.Run(repo.GitDirectory, "show", "main:change"));
    }

    [Fact]
    public async Task A_mismatch_is_reported_as_a_readable_diff()
    {
        var repo = await CreateTestRepoAsync();
        await repo.SetRefAsync("main", "first", CancellationToken.None);
        var xx = PlainGit.Run(repo.GitDirectory, "rev-parse", "--short", $"{repo.CommitId("first")}:a/b/1").Trim();
        var yy = PlainGit.Run(repo.GitDirectory, "rev-parse", "--short", $"{repo.CommitId("head")}:a/b/1").Trim();
        var c = PlainGit.Run(repo.GitDirectory, "rev-parse", "--short", $"{repo.CommitId("head")}:a/c").Trim();
        var xy = PlainGit.Run(repo.GitDirectory, "rev-parse", "--short", $"{repo.CommitId("head")}:x/y").Trim();

        var comparison = await repo.CompareAsync("main", "head", CancellationToken.None);
        var error = await Assert.ThrowsAsync<FixtureMismatchException>(() => repo.AssertRefMatchesAsync("main", "head", CancellationToken.None));

        var mismatch = Assert.IsType<TreeComparison.Mismatch>(comparison);
        Assert.Empty(mismatch.Added);
        Assert.Equal(["a/c", "x/y"], mismatch.Removed);
        Assert.Equal(["a/b/1"], mismatch.Changed);
        var expected = $"""
            Ref 'refs/heads/main' does not match fixture commit 'head':
              removed: a/c
              removed: x/y
              changed: a/b/1
            diff (expected commit -> actual ref):
            diff --git a/a/b/1 b/a/b/1
            index {yy}..{xx} 100644
            --- a/a/b/1
            +++ b/a/b/1
            @@ -1 +1 @@
            -yy
            \ No newline at end of file
            +xx
            \ No newline at end of file
            diff --git a/a/c b/a/c
            deleted file mode 100644
            index {c}..0000000
            --- a/a/c
            +++ /dev/null
            @@ -1 +0,0 @@
            -c
            \ No newline at end of file
            diff --git a/x/y b/x/y
            deleted file mode 100644
            index {xy}..0000000
            --- a/x/y
            +++ /dev/null
            @@ -1 +0,0 @@
            -xy
            \ No newline at end of file

            """;
        Assert.Equal(expected, mismatch.Describe());
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task Creating_in_a_non_empty_directory_is_refused()
    {
        var path = Path.Combine(_dir, "busy");
        Directory.CreateDirectory(path);
        await File.WriteAllTextAsync(Path.Combine(path, "file"), "x");

        var error = await Assert.ThrowsAsync<FixtureException>(() => FixtureRepository.CreateAsync("commits:\n  - files: {}\n", path, CancellationToken.None));

        Assert.Equal($"Cannot create a fixture repo at '{path}': the directory is not empty.", error.Message);
    }

    private async Task<FixtureRepository> CreateTestRepoAsync() =>
        await FixtureRepository.CreateAsync(
            await FixtureTemplate.LoadAsync(Path.Combine("testdata", "test_repo.yaml"), CancellationToken.None),
            Path.Combine(_dir, "repo.git"),
            CancellationToken.None);
}
