using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>The deployer's and the transitioner's reports as read in one round, each with whether it could be read.</summary>
public sealed record StatusReports(
    DeployerStatusReport? Deployer,
    SourceAvailability DeployerAvailability,
    TransitionerStatusReport? Transitioner,
    SourceAvailability TransitionerAvailability)
{
    public static StatusReports None { get; } = new(null, SourceAvailability.NotConfigured, null, SourceAvailability.NotConfigured);
}
