using Dm.Common;

namespace Dm.Deployer.Planning;

/// <summary>An object the deployer applied for an environment, and the resource it belongs to.</summary>
/// <param name="CompletedHash">For a Job: the content hash it was last seen complete at. A Job that completed at the
/// desired content and is gone since (deleted by its <c>ttlSecondsAfterFinished</c>) is done, not re-run.</param>
public sealed record InventoryEntry(string Resource, ResourceKey Key, string? CompletedHash = null);
