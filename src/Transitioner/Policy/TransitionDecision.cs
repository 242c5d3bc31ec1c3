using Dm.Domain;
using Dm.Status;

namespace Dm.Transitioner.Policy;

/// <summary>What <see cref="TransitionPolicy.Decide"/> concluded for one transition.</summary>
public abstract record TransitionDecision
{
    private TransitionDecision()
    {
    }

    /// <summary>The resources that would move now (empty when none).</summary>
    public abstract IReadOnlyList<ResourceMove> Pending { get; }

    /// <summary>When the schedule next fires (after now), or null without a schedule.</summary>
    public DateTimeOffset? NextScheduled { get; init; }

    /// <summary>The next instant this decision may change by time alone (fire time or window edge), or null.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>
    /// Promote <paramref name="Moves"/>. <paramref name="Scheduled"/> is what <c>transition_state.yaml</c>'s
    /// <c>scheduled</c> becomes with this promotion: the next fire time (null without schedule); <paramref name="Reason"/> is <c>ResourceLocked</c> when locked resources were held back, and
    /// <paramref name="Notes"/> name what was held back (locked or filtered resources).
    /// </summary>
    public sealed record Promote(IReadOnlyList<ResourceMove> Moves, DateTimeOffset? Scheduled, string? Reason, IReadOnlyList<string> Notes) : TransitionDecision
    {
        public override IReadOnlyList<ResourceMove> Pending => Moves;
    }

    /// <summary>Something stops the promotion: <paramref name="Reason"/> is one of <see cref="Reasons"/>.</summary>
    public sealed record Blocked(string Reason, string Message, IReadOnlyList<ResourceMove> Moves) : TransitionDecision
    {
        public override IReadOnlyList<ResourceMove> Pending => Moves;
    }

    /// <summary>Not due (schedule) or nothing eligible (version filter).</summary>
    public sealed record Skipped(string Reason, string Message, IReadOnlyList<ResourceMove> Moves) : TransitionDecision
    {
        public override IReadOnlyList<ResourceMove> Pending => Moves;
    }

    /// <summary>Source and target already agree.</summary>
    public sealed record NoChange(string Message) : TransitionDecision
    {
        public override IReadOnlyList<ResourceMove> Pending => [];
    }

    /// <summary>
    /// The transition cannot be evaluated: its definition is unusable (<c>InvalidTransition</c>: bad cron, time zone or
    /// regex), the evaluation failed (<c>EvaluationFailed</c>), or the head kept moving (<c>PushFailed</c>).
    /// </summary>
    public sealed record Invalid(string Message, string Reason = Reasons.InvalidTransition) : TransitionDecision
    {
        public override IReadOnlyList<ResourceMove> Pending => [];
    }

    /// <summary>The status result this decision reports.</summary>
    public TransitionResult Result => this switch
    {
        Promote => TransitionResult.Promoted,
        Blocked => TransitionResult.Blocked,
        Skipped => TransitionResult.Skipped,
        NoChange => TransitionResult.NoChange,
        _ => TransitionResult.Error,
    };
}
