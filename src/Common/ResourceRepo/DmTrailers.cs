namespace Dm.ResourceRepo;

/// <summary>
/// Git trailers DM writes on its commits, so history can be parsed back into events without guessing from diffs.
/// Every DM commit has <see cref="Action"/>; the others depend on it. A commit message is
/// <c>subject</c>, blank line, human body (changelogs), blank line, trailers (<c>Key: value</c>, one per line).
/// </summary>
public static class DmTrailers
{
    /// <summary>What the commit does: one of the <c>Action*</c> values below.</summary>
    public const string Action = "DM-Action";

    public const string ActionNewVersion = "new-version";
    public const string ActionPromotion = "promotion";
    public const string ActionTransition = "transition";
    public const string ActionRollback = "rollback";
    public const string ActionLock = "lock";
    public const string ActionUnlock = "unlock";
    public const string ActionApproval = "approval";

    /// <summary>Resource a new version, lock or rollback is about.</summary>
    public const string Resource = "DM-Resource";

    /// <summary>The version recorded by a new-version commit.</summary>
    public const string Version = "DM-Version";

    /// <summary>Environment written (new version, lock, manual promotion, rollback).</summary>
    public const string Environment = "DM-Environment";

    /// <summary>Transition name of an automatic promotion or an approval.</summary>
    public const string Transition = "DM-Transition";

    public const string Source = "DM-Source";

    public const string Target = "DM-Target";

    /// <summary>One per promoted resource: <c>&lt;resource&gt; &lt;from&gt; -&gt; &lt;to&gt;</c>, with <c>-</c> as from when the target had none.</summary>
    public const string Move = "DM-Move";

    /// <summary>Operator behind a manual action (also the commit author).</summary>
    public const string By = "DM-By";

    /// <summary>Formats a <see cref="Move"/> value.</summary>
    public static string FormatMove(string resource, string? from, string to) => $"{resource} {from ?? "-"} -> {to}";

    /// <summary>Reads a <see cref="Move"/> value; null when it is not one.</summary>
    public static (string Resource, string? From, string To)? ParseMove(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [var resource, var from, "->", var to] ? (resource, from == "-" ? null : from, to) : null;
    }
}
