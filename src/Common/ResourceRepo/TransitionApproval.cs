namespace Dm.ResourceRepo;

/// <summary>
/// An operator's approval of a <c>Manual</c> transition, kept in <c>transition_state.yaml</c> under the transition as
/// <c>approval: { by, at, reason?, versions: { resource: version } }</c>. It approves exactly the moves in
/// <see cref="Versions"/>; the transitioner promotes when the pending moves equal them and clears the approval in the
/// promotion commit.
/// </summary>
public sealed record TransitionApproval(string By, DateTimeOffset At, string? Reason, IReadOnlyDictionary<string, string> Versions);
