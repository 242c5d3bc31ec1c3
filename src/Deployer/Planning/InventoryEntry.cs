using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>An object the deployer applied for an environment, and the resource it belongs to.</summary>
/// <param name="RunHash">For a Job: the content hash DM ran it at (created it, or saw it at). A Job that ran at the
/// desired content and is gone since (deleted by its <c>ttlSecondsAfterFinished</c>, however short) is done, not run
/// again; a new content runs it again.</param>
public sealed record InventoryEntry(string Resource, ResourceKey Key, string? RunHash = null);
