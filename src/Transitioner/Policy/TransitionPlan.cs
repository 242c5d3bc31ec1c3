using Dm.Git;

namespace Dm.Transitioner.Policy;

/// <summary>What <see cref="TransitionPlanner.Plan"/> concluded on one head: the decision and, for a promotion, the commit that carries it out.</summary>
public sealed record TransitionPlan(TransitionDecision Decision, CommitPlan? Commit);
