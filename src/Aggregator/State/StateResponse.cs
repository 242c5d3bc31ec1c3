using Dm.ResourceRepo;

namespace Dm.Aggregator.State;

/// <summary>Body of <c>GET /api/state</c>.</summary>
public sealed record StateResponse(
    string? Revision,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<EnvironmentView> Environments,
    IReadOnlyList<ResourceView> Resources,
    IReadOnlyList<TransitionView> Transitions,
    SourceAvailability Deployer,
    SourceAvailability Transitioner,
    IReadOnlyList<RepoError> Errors);
