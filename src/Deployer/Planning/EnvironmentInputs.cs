using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>What one environment is planned from, gathered from the repo and its cluster: the desired objects, the stored inventory and the live objects among both.</summary>
public sealed record EnvironmentInputs(
    DesiredState Desired,
    IReadOnlyList<InventoryEntry> Inventory,
    IReadOnlyDictionary<ResourceKey, JsonObject> Live);
