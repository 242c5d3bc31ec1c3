namespace Dm.Git;

/// <summary>The outcome of a commit: a new commit pushed to the remote, or nothing to commit.</summary>
public abstract record CommitResult
{
    private CommitResult()
    {
    }

    /// <summary>A commit <paramref name="CommitId"/> on top of <paramref name="ParentId"/> was pushed after <paramref name="Attempts"/> attempt(s).</summary>
    public sealed record Committed(string CommitId, string ParentId, int Attempts) : CommitResult;

    /// <summary>The change would leave the tree of <paramref name="HeadId"/> unchanged, so no commit was made.</summary>
    public sealed record NoChange(string HeadId) : CommitResult;
}
