namespace Dm.Status;

/// <summary>
/// The fixed vocabulary of reasons DM reports (STYLE rule 5). The API and UI show these; nothing ad hoc.
/// Each comes with a human message naming the file, resource or revision.
/// </summary>
public static class StatusReasons
{
    // Deployer
    public const string RenderFailed = "RenderFailed";
    public const string ApplyFailed = "ApplyFailed";
    public const string PruneFailed = "PruneFailed";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string RolloutInProgress = "RolloutInProgress";
    public const string JobFailed = "JobFailed";
    public const string ClusterUnreachable = "ClusterUnreachable";
    public const string TargetInvalid = "TargetInvalid";
    public const string RepoInvalid = "RepoInvalid";
    public const string FetchFailed = "FetchFailed";
    public const string DriftCorrected = "DriftCorrected";
    public const string NotYetApplied = "NotYetApplied";

    /// <summary>With leader election: this deployer replica does not hold the environment's Lease, so it does not apply it.</summary>
    public const string NotLeader = "NotLeader";
    public const string ClaimLost = "ClaimLost";
    public const string NamespaceCreateFailed = "NamespaceCreateFailed";
    public const string InventoryFailed = "InventoryFailed";

    // Transitioner
    public const string TargetLocked = "TargetLocked";

    /// <summary>The target's <c>locks.yaml</c> cannot be read: it counts as locked (DM fails closed on locks).</summary>
    public const string LocksUnreadable = "LocksUnreadable";

    /// <summary><c>transition_state.yaml</c> cannot be read: schedules and approvals are unknown, so nothing promotes.</summary>
    public const string TransitionStateUnreadable = "TransitionStateUnreadable";
    public const string ResourceLocked = "ResourceLocked";
    public const string OutsideWindow = "OutsideWindow";
    public const string InDenyWindow = "InDenyWindow";
    public const string SourceProgressing = "SourceProgressing";
    public const string SourceFailed = "SourceFailed";
    public const string SourceOutdated = "SourceOutdated";
    public const string SourceUnknown = "SourceUnknown";
    public const string AwaitingApproval = "AwaitingApproval";
    public const string Scheduled = "Scheduled";
    public const string VersionFiltered = "VersionFiltered";
    public const string PushFailed = "PushFailed";
    public const string InvalidTransition = "InvalidTransition";
    public const string EvaluationFailed = "EvaluationFailed";

    // Aggregator

    /// <summary>No deployer reports the environment because the deployer that deploys it cannot be read (its message says which and why).</summary>
    public const string DeployerUnavailable = "DeployerUnavailable";
}
