namespace Dm.Common.Status;

/// <summary>One resource of an environment as the deployer reports it.</summary>
public sealed record ResourceDeployStatus(
    string? Version,
    ResourceState State,
    string? Reason,
    string? Message,
    DateTimeOffset? LastAppliedAt);
