namespace Dm.Common.Status;

/// <summary>One resource of an environment as the deployer reports it.</summary>
public sealed record ResourceDeployStatus(
    string? Version,
    ResourceState State,
    string? Reason,
    string? Message,
    DateTimeOffset? LastAppliedAt)
{
    /// <summary>When the deployer last took back fields someone else changed (<see cref="StatusReasons.DriftCorrected"/>), or null.</summary>
    public DateTimeOffset? LastDriftCorrectedAt { get; init; }

    /// <summary>What had drifted at <see cref="LastDriftCorrectedAt"/> (object, field, live and applied values).</summary>
    public string? LastDriftCorrection { get; init; }
}
