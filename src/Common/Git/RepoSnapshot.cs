namespace Dm.Git;

/// <summary>All files of the resource repo at one revision, keyed by repo-relative path (forward slashes, no leading slash).</summary>
public sealed record RepoSnapshot(string Revision, IReadOnlyDictionary<string, RepoFile> Files);
