using System.Text.Json.Nodes;

namespace Dm.Kubernetes;

/// <summary>
/// All objects of a LIST (every page followed), each with <c>apiVersion</c> and <c>kind</c> filled in, and the list's
/// <c>resourceVersion</c> (a watch started from it misses nothing).
/// </summary>
public sealed record ResourceList(IReadOnlyList<JsonObject> Items, string ResourceVersion);
