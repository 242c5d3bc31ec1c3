namespace Dm.Git;

/// <summary>Who commits and why: message, author, and optionally a committer other than the repository's configured one.</summary>
public sealed record CommitRequest(string Message, GitIdentity Author)
{
    /// <summary>The committer; null means the repository's configured committer (<see cref="GitRepositoryOptions.Committer"/>).</summary>
    public GitIdentity? Committer { get; init; }
}
