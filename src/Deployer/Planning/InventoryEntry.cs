using Dm.Common;

namespace Dm.Deployer.Planning;

/// <summary>An object the deployer applied for an environment, and the resource it belongs to.</summary>
public sealed record InventoryEntry(string Resource, ResourceKey Key);
