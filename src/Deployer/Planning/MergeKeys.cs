using System.Text.Json;

namespace Dm.Deployer.Planning;

/// <summary>
/// The key fields of a Kubernetes associative list (<c>x-kubernetes-list-map-keys</c> / <c>patchMergeKey</c>) by the
/// list's field name, or a set of scalars (<c>finalizers</c>). Server-side apply merges such lists item by item, so an
/// item another field manager added stays after DM's apply. A list not named here is atomic. Pure.
/// </summary>
internal sealed class MergeKeys
{
    private static readonly string[] Name = ["name"];
    private static readonly string[] ContainerPort = ["containerPort", "protocol"];
    private static readonly string[] ServicePort = ["port", "protocol"];

    private readonly string[] _fields;

    private MergeKeys(string[] fields) => _fields = fields;

    /// <summary>The keys of the list <paramref name="list"/> (its field name) whose parent is <paramref name="parent"/>, when every desired item has them; else null (compare it as atomic).</summary>
    public static MergeKeys? For(string? list, string? parent, JsonElement desired)
    {
        string[]? fields = list switch
        {
            "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets" or "resourceClaims" or "schedulingGates" => Name,
            "volumeMounts" => ["mountPath"],
            "volumeDevices" => ["devicePath"],
            "hostAliases" => ["ip"],
            "topologySpreadConstraints" => ["topologyKey", "whenUnsatisfiable"],
            "ownerReferences" => ["uid"],
            "finalizers" => [],
            "ports" when All(desired, i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty("containerPort", out _)) => ContainerPort,
            "ports" when parent == "spec" => ServicePort, // a Service's; NetworkPolicy rule ports are atomic
            _ => null,
        };
        if (fields is null)
        {
            return null;
        }

        var keys = new MergeKeys(fields);
        return All(desired, keys.Qualifies) ? keys : null;
    }

    /// <summary>The item's key as shown in a path (<c>web</c>, <c>8080/TCP</c>); null for an item without its key fields.</summary>
    public string? KeyOf(JsonElement item)
    {
        if (_fields.Length == 0)
        {
            return item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null ? null : Scalar(item);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new string[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            if (item.TryGetProperty(_fields[i], out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
            {
                parts[i] = Scalar(value);
            }
            else if (_fields[i] == "protocol")
            {
                parts[i] = "TCP"; // the server's default
            }
            else
            {
                return null;
            }
        }

        return string.Join('/', parts);
    }

    private bool Qualifies(JsonElement item) => KeyOf(item) is not null;

    private static bool All(JsonElement list, Func<JsonElement, bool> test)
    {
        foreach (var item in list.EnumerateArray())
        {
            if (!test(item))
            {
                return false;
            }
        }

        return true;
    }

    private static string Scalar(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
