namespace Dm.Deployer.Planning;

/// <summary>
/// The result of <see cref="DeployPlanner.Plan"/>: applies grouped by kind rank (groups in order; objects of one group may
/// be applied in parallel), objects left alone, prunes (reverse kind order) and kept objects, and the inventory to
/// store once the round is done.
/// </summary>
public sealed record DeployPlan(
    IReadOnlyList<IReadOnlyList<PlannedAction.Apply>> ApplyGroups,
    IReadOnlyList<PlannedAction.Skip> Skips,
    IReadOnlyList<PlannedAction.Prune> Prunes,
    IReadOnlyList<PlannedAction.Keep> Kept,
    IReadOnlyList<PlannedAction.Finished> Finished)
{
    public IEnumerable<PlannedAction.Apply> Applies => ApplyGroups.SelectMany(g => g);

    public bool IsEmpty => ApplyGroups.Count == 0 && Prunes.Count == 0;
}
