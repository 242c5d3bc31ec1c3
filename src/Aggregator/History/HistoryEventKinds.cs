namespace Dm.Aggregator.History;

/// <summary>The kinds of <see cref="HistoryEvent"/>: DM's commit actions, plus commits DM did not write.</summary>
public static class HistoryEventKinds
{
    public const string NewVersion = "new-version";
    public const string Promotion = "promotion";
    public const string Transition = "transition";
    public const string Rollback = "rollback";
    public const string Lock = "lock";
    public const string Unlock = "unlock";
    public const string Approval = "approval";

    /// <summary>A commit without DM trailers (someone pushed to the repo); described by the paths it changed.</summary>
    public const string ManualEdit = "manual-edit";

    public static IReadOnlyList<string> All { get; } = [NewVersion, Promotion, Transition, Rollback, Lock, Unlock, Approval, ManualEdit];
}
