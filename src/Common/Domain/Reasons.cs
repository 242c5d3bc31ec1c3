namespace Dm.Domain;

/// <summary>
/// DM's one vocabulary of reasons (STYLE rule 5): what the deployer and the transitioner report, what the aggregator
/// refuses a request for, and what is wrong with a resource repo file. The API, the UI, logs and notifications show
/// these, nothing ad hoc; each comes with a human message naming the file, resource or revision. A reason shared by
/// several daemons (a locked target, a lost Lease, a failed push) is one constant.
/// </summary>
public static class Reasons
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

    /// <summary>The aggregator: no deployer reports the environment because the deployer that deploys it cannot be read (its message says which and why).</summary>
    public const string DeployerUnavailable = "DeployerUnavailable";

    // Aggregator refusals: a write (or a request) turned down with no commit. The planners return them; Api/Problems
    // maps each to its HTTP status and shows it as the problem's title. The ones shared with the daemons are above.

    /// <summary>The request itself is malformed (a field missing or invalid).</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>A read asked for something that does not exist.</summary>
    public const string NotFound = "NotFound";

    public const string PayloadTooLarge = "PayloadTooLarge";

    public const string UnsupportedMediaType = "UnsupportedMediaType";

    public const string Unauthorized = "Unauthorized";

    public const string Forbidden = "Forbidden";

    /// <summary>The resource repo is not opened or read yet.</summary>
    public const string RepoUnavailable = "RepoUnavailable";

    public const string EnvironmentNotFound = "EnvironmentNotFound";

    /// <summary>CI may not post versions into this environment.</summary>
    public const string EnvironmentNotAllowed = "EnvironmentNotAllowed";

    public const string ResourceNotFound = "ResourceNotFound";

    /// <summary>The version is in no environment and in no commit of the history.</summary>
    public const string VersionNotFound = "VersionNotFound";

    /// <summary>A rollback without a version, and the history knows no earlier one.</summary>
    public const string NoPreviousVersion = "NoPreviousVersion";

    /// <summary>A rollback to the version the environment already runs.</summary>
    public const string AlreadyAtVersion = "AlreadyAtVersion";

    public const string TransitionNotFound = "TransitionNotFound";

    /// <summary>An approval of a transition with no pending moves.</summary>
    public const string NothingToApprove = "NothingToApprove";

    /// <summary>An approval without versions while the transitioner's report (the pending moves) is unavailable.</summary>
    public const string TransitionerUnavailable = "TransitionerUnavailable";

    /// <summary>Every reason the aggregator refuses a request with (each has one HTTP status in its <c>Api/Problems</c>).</summary>
    public static readonly IReadOnlyList<string> Refusals =
    [
        InvalidRequest, NotFound, PayloadTooLarge, UnsupportedMediaType, Unauthorized, Forbidden, NotLeader, RepoUnavailable,
        PushFailed, EnvironmentNotFound, EnvironmentNotAllowed, ResourceNotFound, VersionNotFound, NoPreviousVersion,
        AlreadyAtVersion, TargetLocked, LocksUnreadable, TransitionNotFound, TransitionStateUnreadable, NothingToApprove,
        TransitionerUnavailable,
    ];

    // Resource repo errors (RepoError.Reason): what is wrong with a file, with its path, line and column.
    // RenderFailed (above) also stands for a resource whose rendering failed unexpectedly (a defect in DM).

    /// <summary>A path in the snapshot is absolute, contains <c>..</c>, a backslash or an empty segment.</summary>
    public const string InvalidPath = "InvalidPath";

    /// <summary>A file is larger than <c>ResourceRepoOptions.MaxFileBytes</c>.</summary>
    public const string FileTooLarge = "FileTooLarge";

    /// <summary>A file is not valid UTF-8.</summary>
    public const string InvalidEncoding = "InvalidEncoding";

    /// <summary>A file is not valid YAML.</summary>
    public const string InvalidYaml = "InvalidYaml";

    /// <summary>A mapping has the same key twice.</summary>
    public const string DuplicateKey = "DuplicateKey";

    /// <summary>A YAML document exceeds the alias, node or nesting limits.</summary>
    public const string YamlLimitExceeded = "YamlLimitExceeded";

    /// <summary>An environment or resource name is not a DNS-1123 label.</summary>
    public const string InvalidName = "InvalidName";

    /// <summary>Two files in one environment define the same resource name.</summary>
    public const string DuplicateResource = "DuplicateResource";

    /// <summary>Two manifests in one environment name the same Kubernetes object (kind, namespace, name).</summary>
    public const string DuplicateObject = "DuplicateObject";

    /// <summary>A <c>base/</c> file has no <c>version/</c> file at the same relative path.</summary>
    public const string MissingVersionFile = "MissingVersionFile";

    /// <summary>A <c>version/</c> file has no <c>base/</c> file at the same relative path.</summary>
    public const string MissingBaseFile = "MissingBaseFile";

    /// <summary>A version file is not a map of scalars or lacks <c>version</c>.</summary>
    public const string InvalidVersionFile = "InvalidVersionFile";

    /// <summary>A placeholder in a base file has no value in its version file, or is malformed.</summary>
    public const string UnresolvedPlaceholder = "UnresolvedPlaceholder";


    /// <summary>A manifest document is not a map or lacks <c>apiVersion</c>, <c>kind</c> or <c>metadata.name</c>.</summary>
    public const string InvalidManifest = "InvalidManifest";

    /// <summary>A repo file (deployers, transitions, transition state, locks) lacks a required key.</summary>
    public const string MissingKey = "MissingKey";

    /// <summary>A repo file has a key DM does not know (often a typo).</summary>
    public const string UnknownKey = "UnknownKey";

    /// <summary>A repo file has a value of the wrong type or outside the allowed values.</summary>
    public const string InvalidValue = "InvalidValue";

    /// <summary>A deployer has a <c>type</c> DM cannot deploy with.</summary>
    public const string UnsupportedDeployerType = "UnsupportedDeployerType";

    /// <summary><c>deployers.yaml</c> names an environment that has no folder in the repo.</summary>
    public const string EnvironmentFolderMissing = "EnvironmentFolderMissing";

    /// <summary>A schedule is not a Quartz cron expression of 6 or 7 fields.</summary>
    public const string InvalidSchedule = "InvalidSchedule";

    /// <summary>An environment has <c>locks.yml</c>, which DM does not read (it reads <c>locks.yaml</c>); the environment counts as locked.</summary>
    public const string MisnamedLocksFile = "MisnamedLocksFile";

    /// <summary>A repo file carries a secret (a receiver URL or token); DM never reads secrets from the repo.</summary>
    public const string SecretInRepo = "SecretInRepo";

    /// <summary>A time zone id is not known on this machine.</summary>
    public const string UnknownTimezone = "UnknownTimezone";
}
