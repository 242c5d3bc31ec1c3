using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Container resource quantities rewritten in the canonical form the real API server stores and returns
/// (<see cref="Quantity.Canonical"/>: <c>1000m</c> → <c>1</c>, <c>1024Mi</c> → <c>1Gi</c>, a JSON number → a string).
/// A value that is no quantity is left as it is.
/// </summary>
internal static class ResourceQuantities
{
    /// <summary>The quantities of a container's <c>resources.limits</c>/<c>requests</c>, rewritten canonically.</summary>
    public static void Canonicalize(JsonObject? resources)
    {
        foreach (var field in new[] { "limits", "requests" })
        {
            if (resources?[field] is not JsonObject map)
            {
                continue;
            }

            foreach (var key in map.Select(p => p.Key).ToList())
            {
                if (map[key] is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                    && Quantity.Canonicalize(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()) is { } canonical)
                {
                    map[key] = canonical;
                }
            }
        }
    }
}
