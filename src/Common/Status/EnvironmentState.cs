namespace Dm.Status;

/// <summary>An environment's deploy state as the deployer reports it (DESIGN §3).</summary>
public enum EnvironmentState
{
    /// <summary>Every resource applied and healthy at the reported revision.</summary>
    Clean,

    /// <summary>Applied, rollouts still in progress.</summary>
    Progressing,

    /// <summary>At least one resource failed to render, apply or roll out.</summary>
    Failed,

    /// <summary>The head revision is not applied yet.</summary>
    Outdated,

    /// <summary>The deployer cannot tell (cluster unreachable, target misconfigured).</summary>
    Unknown,
}
