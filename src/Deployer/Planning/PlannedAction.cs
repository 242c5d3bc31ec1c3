namespace Dm.Deployer.Planning;

/// <summary>What the deployer does with one object this round.</summary>
public abstract record PlannedAction
{
    private PlannedAction()
    {
    }

    /// <summary>Server-side apply the desired object; <see cref="Reason"/> says why (absent, changed, drifted).</summary>
    public sealed record Apply(DesiredObject Desired, ApplyReason Reason, string Detail) : PlannedAction;

    /// <summary>The live object already carries the desired content hash and DM's fields are intact: no write.</summary>
    public sealed record Skip(DesiredObject Desired) : PlannedAction;

    /// <summary>
    /// A Job that DM ran at the desired content and that was deleted since (its <c>ttlSecondsAfterFinished</c>, or by
    /// hand): it has run, so it is not created again. A new content runs it again.
    /// </summary>
    public sealed record Finished(DesiredObject Desired) : PlannedAction;

    /// <summary>Delete an object that left the repo (only with <c>prune: true</c>).</summary>
    public sealed record Prune(InventoryEntry Entry) : PlannedAction;

    /// <summary>An object that is no longer desired but is kept (its resource failed to render, or prune is off).</summary>
    public sealed record Keep(InventoryEntry Entry, string Why) : PlannedAction;
}
