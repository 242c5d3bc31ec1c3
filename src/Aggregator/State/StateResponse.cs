using Dm.ResourceRepo;

namespace Dm.Aggregator.State;

/// <summary>
/// Body of <c>GET /api/state</c>. <paramref name="Deployer"/> is the deployer side as a whole (unavailable, naming each
/// deployer that did not answer, as soon as one does not); <paramref name="Deployers"/> each configured deployer.
/// </summary>
public sealed record StateResponse(
    string? Revision,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<EnvironmentView> Environments,
    IReadOnlyList<ResourceView> Resources,
    IReadOnlyList<TransitionView> Transitions,
    SourceAvailability Deployer,
    SourceAvailability Transitioner,
    IReadOnlyList<RepoError> Errors)
{
    public IReadOnlyList<DeployerAvailability> Deployers { get; init; } = [];
}
