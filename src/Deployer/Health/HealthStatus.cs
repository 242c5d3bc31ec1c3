using Dm.Domain;

namespace Dm.Deployer.Health;

/// <summary>The health of one object: its state, a reason from <see cref="Reasons"/> when not healthy, and a human message.</summary>
public sealed record HealthStatus(HealthState State, string? Reason, string Message)
{
    public static HealthStatus Healthy(string message) => new(HealthState.Healthy, null, message);

    public static HealthStatus Progressing(string message) => new(HealthState.Progressing, Reasons.RolloutInProgress, message);

    public static HealthStatus Degraded(string reason, string message) => new(HealthState.Degraded, reason, message);

    /// <summary>The worst of several statuses (the first of equally bad ones); healthy when there are none.</summary>
    public static HealthStatus Worst(IEnumerable<HealthStatus> statuses) =>
        statuses.Aggregate((HealthStatus?)null, (worst, next) => worst is null || next.State > worst.State ? next : worst)
        ?? Healthy("applied");
}
