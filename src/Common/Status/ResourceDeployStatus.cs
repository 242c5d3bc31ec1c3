using Dm.Domain;

namespace Dm.Status;

/// <summary>One resource of an environment as the deployer reports it.</summary>
public sealed record ResourceDeployStatus(
    string? Version,
    ResourceState State,
    string? Reason,
    string? Message,
    DateTimeOffset? LastAppliedAt)
{
    /// <summary>When the deployer last took back fields someone else changed (<see cref="Reasons.DriftCorrected"/>), or null.</summary>
    public DateTimeOffset? LastDriftCorrectedAt { get; init; }

    /// <summary>What had drifted at <see cref="LastDriftCorrectedAt"/> (object, field, live and applied values).</summary>
    public string? LastDriftCorrection { get; init; }

    /// <summary>
    /// When the deployer applied the change that started this resource's current (or most recent) rollout, or null when
    /// no rollout was seen since the deployer started. Stays set after the rollout finished.
    /// </summary>
    public DateTimeOffset? RolloutStartedAt { get; init; }

    /// <summary>
    /// Seconds the most recent completed rollout of this resource took, from its apply to Healthy, or null when none
    /// completed since the deployer started. The aggregator keeps these to predict how long the next one takes.
    /// </summary>
    public double? LastRolloutSeconds { get; init; }
}
