using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>
/// One object as the deployer wants it in the cluster: the rendered manifest with its namespace filled in and DM's
/// annotations (<see cref="DeployerAnnotations"/>), and the hash of that content.
/// </summary>
public sealed record DesiredObject(ResourceKey Key, string Resource, string? Version, JsonObject Manifest, string Hash);
