namespace Dm.Status;

/// <summary>
/// One environment as the deployer reports it at <c>GET /api/status</c>: the resource-repo revision it is on, the last
/// revision at which it was fully healthy, its state with reason and message, and every resource.
/// </summary>
public sealed record EnvironmentDeployStatus(
    string? Revision,
    string? HealthyRevision,
    EnvironmentState State,
    string? Reason,
    string? Message,
    IReadOnlyDictionary<string, ResourceDeployStatus> Resources,
    DateTimeOffset? LastReconciledAt);
