using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>
/// The deployers' merged report and the transitioner's as read in one round, each with whether it could be read;
/// <paramref name="Deployers"/> says so for each configured deployer.
/// </summary>
public sealed record StatusReports(
    DeployerStatusReport? Deployer,
    SourceAvailability DeployerAvailability,
    IReadOnlyList<DeployerAvailability> Deployers,
    TransitionerStatusReport? Transitioner,
    SourceAvailability TransitionerAvailability)
{
    public static StatusReports None { get; } = new(null, SourceAvailability.NotConfigured, [], null, SourceAvailability.NotConfigured);
}
