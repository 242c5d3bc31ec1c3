namespace Dm.ResourceRepo;

/// <summary>
/// Everything DM reads from the resource repo at one revision. <see cref="Errors"/> lists every problem in order of
/// file path (resource errors are also on their <see cref="BrokenResource"/>); unaffected parts are still usable.
/// </summary>
public sealed record ResourceRepoModel(
    string Revision,
    IReadOnlyList<DeployerTarget> Deployers,
    IReadOnlyList<TransitionDefinition> Transitions,
    IReadOnlyList<TransitionState> TransitionStates,
    IReadOnlyList<RepoEnvironment> Environments,
    IReadOnlyList<RepoError> Errors)
{
    /// <summary>What <c>notifications.yaml</c> says (empty without the file).</summary>
    public NotificationRules Notifications { get; init; } = NotificationRules.None;

    public RepoEnvironment? FindEnvironment(string name) => Environments.FirstOrDefault(e => e.Name == name);

    public DeployerTarget? FindDeployer(string environment) => Deployers.FirstOrDefault(d => d.Environment == environment);

    public TransitionState? FindTransitionState(string transition) => TransitionStates.FirstOrDefault(s => s.Name == transition);

    /// <summary>The errors reading one repo file (<c>transition_state.yaml</c>, <c>deployers.yaml</c>, ...), in order.</summary>
    public IReadOnlyList<RepoError> ProblemsIn(string file) => [.. Errors.Where(e => e.File == file)];
}
