using Dm.Domain;

namespace Dm.Status;

/// <summary>The body of the deployer's <c>GET /api/status</c>: every environment it deploys, keyed by environment name.</summary>
public sealed record DeployerStatusReport(
    IReadOnlyDictionary<string, EnvironmentDeployStatus> Environments,
    DateTimeOffset GeneratedAt)
{
    /// <summary>The resource-repo revision the deployer last read successfully (null before the first fetch).</summary>
    public string? Revision { get; init; }

    /// <summary>Why the repo could not be read at its head (<see cref="Reasons.FetchFailed"/>, <see cref="Reasons.RepoInvalid"/>), or null.</summary>
    public string? RepoReason { get; init; }

    /// <summary>The human message for <see cref="RepoReason"/> (the last good revision keeps being deployed).</summary>
    public string? RepoMessage { get; init; }
}
