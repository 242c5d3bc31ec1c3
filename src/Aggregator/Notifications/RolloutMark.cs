using Dm.Status;

namespace Dm.Aggregator.Notifications;

/// <summary>What was last notified of one resource in one environment: its state, version, rollout start and last drift correction.</summary>
public sealed record RolloutMark(ResourceState State, string? Version, DateTimeOffset? RolloutStartedAt, DateTimeOffset? DriftCorrectedAt)
{
    public static RolloutMark Of(ResourceDeployStatus status) =>
        new(status.State, status.Version, status.RolloutStartedAt, status.LastDriftCorrectedAt);
}
