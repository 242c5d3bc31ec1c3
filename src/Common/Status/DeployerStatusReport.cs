namespace Dm.Common.Status;

/// <summary>The body of the deployer's <c>GET /api/status</c>: every environment it deploys, keyed by environment name.</summary>
public sealed record DeployerStatusReport(
    IReadOnlyDictionary<string, EnvironmentDeployStatus> Environments,
    DateTimeOffset GeneratedAt);
