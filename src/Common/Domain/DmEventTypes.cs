namespace Dm.Domain;

/// <summary>The stable type names of <see cref="DmEvent"/>s: what subscriptions in <c>notifications.yaml</c> select.</summary>
public static class DmEventTypes
{
    /// <summary>CI posted a new version (the aggregator committed it).</summary>
    public const string VersionReceived = "VersionReceived";

    /// <summary>A version was promoted into an environment (by a transition or an operator); one event per resource.</summary>
    public const string Promoted = "Promoted";

    /// <summary>An operator rolled a resource back (which also locks it).</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>An environment or a resource in it was locked.</summary>
    public const string Locked = "Locked";

    /// <summary>An environment or a resource in it was unlocked.</summary>
    public const string Unlocked = "Unlocked";

    /// <summary>A <c>Manual</c> transition has moves waiting for an approval.</summary>
    public const string ApprovalRequested = "ApprovalRequested";

    /// <summary>An operator approved a transition's moves.</summary>
    public const string ApprovalGiven = "ApprovalGiven";

    /// <summary>A resource's rollout finished: live and healthy at its version.</summary>
    public const string RolloutSucceeded = "RolloutSucceeded";

    /// <summary>A resource's rollout failed (apply refused, deadline exceeded, job failed, ...).</summary>
    public const string RolloutFailed = "RolloutFailed";

    /// <summary>A resource that was healthy at its version is not any more, without a new rollout.</summary>
    public const string RolloutDegraded = "RolloutDegraded";

    /// <summary>The deployer took back a change someone made to a live object.</summary>
    public const string DriftCorrected = "DriftCorrected";

    public static IReadOnlyList<string> All { get; } =
    [
        VersionReceived, Promoted, RolledBack, Locked, Unlocked, ApprovalRequested, ApprovalGiven,
        RolloutSucceeded, RolloutFailed, RolloutDegraded, DriftCorrected,
    ];
}
