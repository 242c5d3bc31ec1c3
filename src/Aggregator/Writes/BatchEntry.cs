namespace Dm.Aggregator.Writes;

/// <summary>What became of one queued write when a batch was planned.</summary>
public abstract record BatchEntry
{
    private BatchEntry()
    {
    }

    /// <summary>Its change is part of the batch's commit.</summary>
    public sealed record Included : BatchEntry;

    /// <summary>Its change leaves the files as the earlier changes (or the head) have them: nothing to commit for it.</summary>
    public sealed record Unchanged : BatchEntry;

    /// <summary>Its planner refused it on this head; nothing of it is committed.</summary>
    public sealed record Refused(WritePlan.Refuse Refusal) : BatchEntry;

    /// <summary>Its planner failed (an unexpected error); nothing of it is committed and the others go on.</summary>
    public sealed record Failed(Exception Error) : BatchEntry;
}
