namespace Dm.Status;

/// <summary>One resource's deploy state in an environment.</summary>
public enum ResourceState
{
    /// <summary>Applied and healthy (rolled out, job complete, or simply applied for kinds without health).</summary>
    Healthy,

    /// <summary>Applied, rollout in progress.</summary>
    Progressing,

    /// <summary>Render, apply or rollout failed; the reason and message say which.</summary>
    Failed,

    /// <summary>Not applied yet at the reported revision.</summary>
    Pending,

    /// <summary>State cannot be read (cluster unreachable).</summary>
    Unknown,
}
