using Dm.Status;

namespace Dm.Transitioner.Execution;

/// <summary>The deployer's status as read once per round: the report, or why it could not be read.</summary>
public sealed record DeployerObservation(DeployerStatusReport? Report, string? Error)
{
    public static DeployerObservation NotConfigured { get; } = new(null, "no deployer URL is configured");
}
