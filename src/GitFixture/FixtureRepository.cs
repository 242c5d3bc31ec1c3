using Dm.Git;

namespace Dm.GitFixture;

/// <summary>
/// A bare git repo built from a <see cref="FixtureTemplate"/> with fixed dates and identity, so commit ids are the same
/// on every run. Refs can be moved to named commits, named commits applied on top of a ref, and a ref compared with a
/// named commit for assertions.
/// </summary>
public sealed class FixtureRepository
{
    /// <summary>Author and committer of every fixture commit.</summary>
    public static readonly GitIdentity Identity = new("Git Fixture", "git-fixture@localhost");

    /// <summary>The date of the first fixture commit; each further commit is one minute later.</summary>
    public static readonly DateTimeOffset BaseTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly GitObjectStore _store;
    private readonly Dictionary<string, string> _commits;
    private int _commitCount;

    private FixtureRepository(FixtureTemplate template, GitObjectStore store, string branch, Dictionary<string, string> commits, int commitCount)
    {
        Template = template;
        _store = store;
        Branch = branch;
        _commits = commits;
        _commitCount = commitCount;
    }

    public FixtureTemplate Template { get; }

    /// <summary>The bare repo's directory; usable as a remote URL.</summary>
    public string GitDirectory => _store.GitDirectory;

    /// <summary>The branch set to the fixture's last commit.</summary>
    public string Branch { get; }

    /// <summary>Commit ids by fixture commit name.</summary>
    public IReadOnlyDictionary<string, string> Commits => _commits;

    /// <summary>
    /// Creates a bare repo at <paramref name="path"/> (which must not exist or be empty) holding every fixture commit,
    /// with <paramref name="branch"/> at the last one.
    /// </summary>
    public static async Task<FixtureRepository> CreateAsync(FixtureTemplate template, string path, CancellationToken cancellationToken, string branch = "main")
    {
        var directory = Path.GetFullPath(path);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new FixtureException($"Cannot create a fixture repo at '{directory}': the directory is not empty.");
        }

        Directory.CreateDirectory(directory);
        var runner = new GitCommandRunner(Identity);
        await runner.RunCheckedAsync(new GitCommand(["init", "--bare", "--quiet", $"--initial-branch={branch}", "."], directory), cancellationToken);
        var store = new GitObjectStore(runner, directory);
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        string? previous = null;
        for (var i = 0; i < template.Commits.Count; i++)
        {
            var commit = template.Commits[i];
            var parent = commit.Parent is null ? previous : commits[commit.Parent];
            var tree = await store.WriteTreeAsync(null, Puts(commit), cancellationToken);
            var id = await store.CommitTreeAsync(tree, parent is null ? [] : [parent], commit.EffectiveMessage, Identity, Identity, BaseTime.AddMinutes(i), cancellationToken);
            if (commit.Name is not null)
            {
                commits[commit.Name] = id;
            }

            previous = id;
        }

        await store.UpdateRefAsync("refs/heads/" + branch, previous!, cancellationToken);
        return new FixtureRepository(template, store, branch, commits, template.Commits.Count);
    }

    /// <summary>Parses <paramref name="yaml"/> and creates the repo.</summary>
    public static Task<FixtureRepository> CreateAsync(string yaml, string path, CancellationToken cancellationToken, string branch = "main") =>
        CreateAsync(FixtureTemplate.Parse(yaml), path, cancellationToken, branch);

    /// <summary>The id of the commit named <paramref name="commitName"/>.</summary>
    public string CommitId(string commitName) =>
        _commits.TryGetValue(commitName, out var id)
            ? id
            : throw new FixtureException($"No fixture commit is named '{commitName}'; named commits: {string.Join(", ", _commits.Keys.Select(k => $"'{k}'"))}.");

    /// <summary>Points <paramref name="refName"/> (a branch name or full ref) at the commit named <paramref name="commitName"/>.</summary>
    public Task SetRefAsync(string refName, string commitName, CancellationToken cancellationToken) =>
        _store.UpdateRefAsync(FullRef(refName), CommitId(commitName), cancellationToken);

    /// <summary>
    /// Writes the files of the commit named <paramref name="commitName"/> over the tree of <paramref name="refName"/>
    /// (adding and replacing files, deleting none) as a new commit on top of it, and moves the ref; returns the new id.
    /// </summary>
    public async Task<string> ApplyAsync(string refName, string commitName, CancellationToken cancellationToken)
    {
        var fullRef = FullRef(refName);
        var commit = Template.Commit(commitName);
        var parent = await _store.ResolveAsync(fullRef, "commit", cancellationToken);
        var tree = await _store.WriteTreeAsync(parent, Puts(commit), cancellationToken);
        var time = BaseTime.AddMinutes(Interlocked.Increment(ref _commitCount) - 1);
        var id = await _store.CommitTreeAsync(tree, [parent], commit.EffectiveMessage, Identity, Identity, time, cancellationToken);
        await _store.UpdateRefAsync(fullRef, id, cancellationToken);
        return id;
    }

    /// <summary>Compares the tree at <paramref name="refName"/> with the tree of the commit named <paramref name="commitName"/>.</summary>
    public async Task<TreeComparison> CompareAsync(string refName, string commitName, CancellationToken cancellationToken)
    {
        var fullRef = FullRef(refName);
        var expected = await _store.ResolveAsync(CommitId(commitName), "tree", cancellationToken);
        var actual = await _store.ResolveAsync(fullRef, "tree", cancellationToken);
        if (expected == actual)
        {
            return new TreeComparison.Match(actual);
        }

        var changes = await _store.DiffPathsAsync(expected, actual, cancellationToken, detectRenames: false);
        var diff = await _store.Runner.RunCheckedAsync(
            new GitCommand(["diff", "--no-color", "--no-ext-diff", "--no-renames", "--end-of-options", expected, actual], GitDirectory),
            cancellationToken);
        return new TreeComparison.Mismatch(
            fullRef,
            commitName,
            changes.Where(c => c.Kind == ChangeKind.Added).Select(c => c.Path).ToList(),
            changes.Where(c => c.Kind == ChangeKind.Deleted).Select(c => c.Path).ToList(),
            changes.Where(c => c.Kind is not (ChangeKind.Added or ChangeKind.Deleted)).Select(c => c.Path).ToList(),
            diff.Text);
    }

    /// <summary>Throws <see cref="FixtureMismatchException"/> with a readable diff unless the ref's tree equals the named commit's.</summary>
    public async Task AssertRefMatchesAsync(string refName, string commitName, CancellationToken cancellationToken)
    {
        if (await CompareAsync(refName, commitName, cancellationToken) is TreeComparison.Mismatch mismatch)
        {
            throw new FixtureMismatchException(mismatch.Describe());
        }
    }

    private static string FullRef(string refName) => refName.StartsWith("refs/", StringComparison.Ordinal) ? refName : "refs/heads/" + refName;

    private static List<FileChange> Puts(FixtureCommit commit) =>
        commit.Files.Select(f => (FileChange)new FileChange.Put(f.Key, f.Value)).ToList();
}
