namespace Dm.Transitioner.Execution;

/// <summary>One round: the revision it started on, every transition's outcome in priority order, and when time alone may change one.</summary>
public sealed record RoundResult(string Revision, IReadOnlyList<TransitionOutcome> Outcomes, DateTimeOffset? WakeAt);
