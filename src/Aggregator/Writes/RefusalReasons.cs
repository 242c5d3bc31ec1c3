using Dm.Status;

namespace Dm.Aggregator.Writes;

/// <summary>
/// The aggregator's one vocabulary of refusals: the reason a write (or a request) is turned down with no commit. The
/// planners return them in <see cref="WritePlan.Refuse"/>; <c>Api/Problems</c> maps each to its HTTP status and shows it
/// as the problem's title. Reasons shared with the other daemons come from <see cref="StatusReasons"/>.
/// </summary>
public static class RefusalReasons
{
    /// <summary>The request itself is malformed (a field missing or invalid).</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>A read asked for something that does not exist.</summary>
    public const string NotFound = "NotFound";

    public const string PayloadTooLarge = "PayloadTooLarge";

    public const string UnsupportedMediaType = "UnsupportedMediaType";

    public const string Unauthorized = "Unauthorized";

    public const string Forbidden = "Forbidden";

    /// <summary>This replica is a standby; writes go to the leader.</summary>
    public const string NotLeader = StatusReasons.NotLeader;

    /// <summary>The resource repo is not opened or read yet.</summary>
    public const string RepoUnavailable = "RepoUnavailable";

    /// <summary>git kept refusing the push.</summary>
    public const string PushFailed = StatusReasons.PushFailed;

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

    /// <summary>A promotion into a locked environment without <c>force</c>.</summary>
    public const string TargetLocked = StatusReasons.TargetLocked;

    /// <summary>The environment's locks.yaml cannot be read: it counts as locked.</summary>
    public const string LocksUnreadable = StatusReasons.LocksUnreadable;

    public const string TransitionNotFound = "TransitionNotFound";

    /// <summary>transition_state.yaml cannot be read, so an approval would lose what is in it.</summary>
    public const string TransitionStateUnreadable = StatusReasons.TransitionStateUnreadable;

    /// <summary>An approval of a transition with no pending moves.</summary>
    public const string NothingToApprove = "NothingToApprove";

    /// <summary>An approval without versions while the transitioner's report (the pending moves) is unavailable.</summary>
    public const string TransitionerUnavailable = "TransitionerUnavailable";
}
