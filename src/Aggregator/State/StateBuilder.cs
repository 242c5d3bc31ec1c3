using Dm.Aggregator.Repo;
using Dm.Aggregator.Writes;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>
/// Pure: the repo model, the daemons' reports and the observed rollout durations in, the state the API serves out. An
/// environment no deployer reports because its deployer cannot be read carries <see cref="Reasons.DeployerUnavailable"/>
/// and that deployer's failure (<see cref="DeployerReads.Unavailable"/>).
/// </summary>
public static class StateBuilder
{
    public static StateResponse Build(
        ResourceRepoModel model,
        DeployerStatusReport? deployer,
        SourceAvailability deployerAvailability,
        TransitionerStatusReport? transitioner,
        SourceAvailability transitionerAvailability,
        DateTimeOffset now,
        RolloutDurations? rollouts = null,
        IReadOnlyList<DeployerAvailability>? deployers = null)
    {
        deployers ??= [];
        var order = RepoQueries.EnvironmentOrder(model);
        var environments = new List<EnvironmentView>(order.Count);
        foreach (var name in order)
        {
            var environment = model.FindEnvironment(name);
            var deploy = deployer?.Environments.GetValueOrDefault(name);
            var deployed = model.FindDeployer(name) is not null;
            var unavailable = deploy is null && deployed ? DeployerReads.Unavailable(deployers, name) : null;
            environments.Add(new EnvironmentView(
                name,
                deployed,
                deploy?.State,
                deploy?.Reason ?? (unavailable is null ? null : Reasons.DeployerUnavailable),
                deploy?.Message ?? unavailable,
                deploy?.Revision,
                deploy?.HealthyRevision,
                deploy?.LastReconciledAt,
                LockView.Of(environment?.Locks.EnvironmentLock, now),
                environment?.Locks.ProblemMessage));
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var environment in model.Environments)
        {
            foreach (var resource in environment.Resources)
            {
                names.Add(resource.Name);
            }
        }

        var resources = new List<ResourceView>(names.Count);
        foreach (var name in names)
        {
            var cells = new Dictionary<string, ResourceCell>(StringComparer.Ordinal);
            foreach (var envName in order)
            {
                var environment = model.FindEnvironment(envName);
                var resource = environment?.Find(name);
                var deployed = deployer?.Environments.GetValueOrDefault(envName)?.Resources.GetValueOrDefault(name);
                var lockView = LockView.Of(environment?.Locks.ResourceLocks.GetValueOrDefault(name), now);
                if (resource is null && deployed is null && lockView is null)
                {
                    continue;
                }

                cells[envName] = new ResourceCell(
                    resource?.Version, resource is BrokenResource, deployed?.Version, deployed?.State, deployed?.Reason, deployed?.Message, lockView)
                {
                    RolloutStartedAt = deployed?.RolloutStartedAt,
                    ExpectedRolloutSeconds = rollouts?.Expected(name),
                };
            }

            resources.Add(new ResourceView(name, cells));
        }

        var transitions = model.Transitions
            .Select(t =>
            {
                var status = transitioner?.Transitions.GetValueOrDefault(t.Name);
                return new TransitionView(
                    t.Name,
                    t.Source,
                    t.Target,
                    t.Schedule,
                    t.Preconditions.Contains(TransitionPrecondition.Manual),
                    status?.LastRun,
                    status?.Pending,
                    status?.NextScheduled,
                    model.FindTransitionState(t.Name)?.Approval);
            })
            .ToList();

        return new StateResponse(model.Revision, now, environments, resources, transitions, deployerAvailability, transitionerAvailability, model.Errors)
        {
            Deployers = deployers,
        };
    }
}
