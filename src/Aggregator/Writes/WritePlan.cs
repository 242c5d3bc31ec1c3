using Dm.Git;

namespace Dm.Aggregator.Writes;

/// <summary>What a write request amounts to on one model of the repo: refuse, a commit, or nothing to do.</summary>
public abstract record WritePlan
{
    private WritePlan()
    {
    }

    /// <summary>Refused for a <see cref="Reasons"/> reason, with a precise detail; nothing is committed.</summary>
    public sealed record Refuse(string Reason, string Detail) : WritePlan;

    /// <summary>One commit with <paramref name="Message"/> making <paramref name="Changes"/>.</summary>
    public sealed record Commit(string Message, IReadOnlyList<FileChange> Changes) : WritePlan;
}
