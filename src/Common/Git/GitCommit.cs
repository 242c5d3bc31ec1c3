namespace Dm.Git;

/// <summary>A commit as read from history, with the paths it changed relative to its first parent.</summary>
public sealed record GitCommit(
    string Id,
    IReadOnlyList<string> ParentIds,
    GitIdentity Author,
    DateTimeOffset AuthorTime,
    DateTimeOffset CommitterTime,
    string Message,
    IReadOnlyList<CommitTrailer> Trailers,
    IReadOnlyList<ChangedPath> ChangedPaths)
{
    /// <summary>The first line of the message.</summary>
    public string Subject => Message.Split('\n', 2)[0];
}
