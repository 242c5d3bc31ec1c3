namespace Dm.Deployer.Health;

/// <summary>How an object is doing, ordered so that the worst wins (a higher value is worse).</summary>
public enum HealthState
{
    /// <summary>Rolled out, complete, bound, or simply applied for kinds without health rules.</summary>
    Healthy = 0,

    /// <summary>A rollout, job or binding is still under way.</summary>
    Progressing = 1,

    /// <summary>The rollout exceeded its progress deadline, the job failed, the claim was lost.</summary>
    Degraded = 2,
}
