using Dm.Status;
using Dm.Transitioner.Policy;

namespace Dm.Transitioner.Execution;

/// <summary>What one transition did in a round: its decision and, for a promotion, the commit.</summary>
public sealed record TransitionOutcome(
    string Name,
    string Source,
    string Target,
    TransitionDecision Decision,
    string? Commit,
    DateTimeOffset Time)
{
    /// <summary>The status reason: the decision's, or null.</summary>
    public string? Reason => Decision switch
    {
        TransitionDecision.Blocked b => b.Reason,
        TransitionDecision.Skipped s => s.Reason,
        TransitionDecision.Promote p => p.Reason,
        TransitionDecision.Invalid i => i.Reason,
        _ => null,
    };

    public string Message => Decision switch
    {
        TransitionDecision.Promote p => $"promoted {string.Join(", ", p.Moves.Select(TransitionPolicy.FormatMove))}"
            + (p.Notes.Count > 0 ? "; held back: " + string.Join("; ", p.Notes) : string.Empty),
        TransitionDecision.Blocked b => b.Message,
        TransitionDecision.Skipped s => s.Message,
        TransitionDecision.NoChange n => n.Message,
        TransitionDecision.Invalid i => i.Message,
        _ => Decision.ToString(),
    };

    public TransitionStatus ToStatus() => new(
        Source,
        Target,
        new TransitionRun(Time, Decision.Result, Reason, Message, Commit),
        [.. (Decision is TransitionDecision.Promote ? [] : Decision.Pending).Select(m => new PendingMove(m.Resource, m.From, m.To))],
        Decision.NextScheduled);
}
