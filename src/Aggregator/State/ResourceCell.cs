using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>One resource in one environment: repo version, deploy state from the deployer, and its resource lock.</summary>
public sealed record ResourceCell(
    string? Version,
    bool Broken,
    string? DeployedVersion,
    ResourceState? State,
    string? Reason,
    string? Message,
    LockView? Lock)
{
    /// <summary>When the current rollout of this resource in this environment began (from the deployer), or null.</summary>
    public DateTimeOffset? RolloutStartedAt { get; init; }

    /// <summary>
    /// Expected rollout duration in seconds, from past completed rollouts of this resource (any environment), or null
    /// when none were observed. The UI's progress bar runs from <see cref="RolloutStartedAt"/> over this many seconds.
    /// </summary>
    public double? ExpectedRolloutSeconds { get; init; }
}
