namespace Dm.ResourceRepo;

/// <summary>One entry of <c>transition_state.yaml</c>, written by the transitioner (and by the aggregator for approvals).</summary>
/// <param name="Name">Transition name.</param>
/// <param name="Scheduled">The scheduled time last used (cautious-tribble's <c>scheduled</c>).</param>
/// <param name="LastRun">When the transition last ran, or null.</param>
/// <param name="Approval">A pending approval of a <c>Manual</c> transition, or null.</param>
public sealed record TransitionState(string Name, DateTimeOffset? Scheduled, DateTimeOffset? LastRun, TransitionApproval? Approval = null);
