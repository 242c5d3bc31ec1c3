namespace Dm.ResourceRepo;

/// <summary>Where a version was built from: the version file's <c>repo</c> and <c>commit</c> fields (commit statuses use them).</summary>
public sealed record VersionSource(string Repo, string Commit)
{
    /// <summary>The source of a version file's values, or null unless both <c>repo</c> and <c>commit</c> are set.</summary>
    public static VersionSource? Of(IReadOnlyDictionary<string, string> values) =>
        values.TryGetValue("repo", out var repo) && values.TryGetValue("commit", out var commit) && repo.Length > 0 && commit.Length > 0
            ? new VersionSource(repo, commit)
            : null;
}
