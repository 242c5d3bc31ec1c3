namespace Dm.Aggregator.Writes;

/// <summary>What the writer did with a plan.</summary>
public abstract record WriteOutcome
{
    private WriteOutcome()
    {
    }

    public sealed record Committed(string CommitId) : WriteOutcome;

    /// <summary>The change left the tree as it was (e.g. the same version again).</summary>
    public sealed record Unchanged(string HeadId) : WriteOutcome;

    /// <summary>Refused for a <see cref="Reasons"/> reason; nothing of it is committed.</summary>
    public sealed record Refused(string Reason, string Detail) : WriteOutcome;
}
