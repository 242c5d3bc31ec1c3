using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Which lists are maps keyed by a field (Kubernetes' <c>x-kubernetes-list-map-keys</c> / <c>patchMergeKey</c>), used by
/// server-side apply and strategic merge patch. Known Kubernetes lists use their real key; any other list whose items all
/// carry a string <c>name</c> is keyed by name; everything else is atomic.
/// </summary>
internal static class ListKeys
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    public static string? KeyFor(string field, JsonArray items)
    {
        if (items.Count == 0 || !items.All(i => i is JsonObject))
        {
            return null;
        }

        if (field == "ports")
        {
            var key = items.All(i => i!["containerPort"] is not null) ? "containerPort" : "port";
            return items.All(i => i![key] is not null) ? key : null;
        }

        if (Known.TryGetValue(field, out var known))
        {
            return items.All(i => i![known] is not null) ? known : null;
        }

        return items.All(i => i!["name"] is JsonValue) ? "name" : null;
    }

    public static JsonObject? FindItem(JsonArray items, string key, JsonNode? value)
        => items.OfType<JsonObject>().FirstOrDefault(i => JsonNode.DeepEquals(i[key], value));
}
