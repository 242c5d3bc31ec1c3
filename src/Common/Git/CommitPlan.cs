namespace Dm.Git;

/// <summary>
/// What to commit on one head: the file changes, the message that describes them, and who authored them. A writer's
/// planning function returns one per head it is shown, so a re-planned commit (after a rejected push) carries a
/// message that matches the head it lands on.
/// </summary>
public sealed record CommitPlan(IReadOnlyList<FileChange> Changes, string Message, GitIdentity Author)
{
    /// <summary>The committer; null means the repository's configured committer (<see cref="GitRepositoryOptions.Committer"/>).</summary>
    public GitIdentity? Committer { get; init; }
}
