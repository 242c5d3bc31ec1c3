using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>
/// Finds fields DM applied whose live value differs: every value in the desired manifest must be present with the same
/// value in the live object (the server may add defaults and other managers may add fields; changing one of DM's is
/// drift). <c>status</c> is ignored. Pure. Compared as a real API server stores them:
/// <list type="bullet">
/// <item>Lists with a merge key (containers and env by <c>name</c>, ports by port and protocol, volumeMounts by
/// <c>mountPath</c>, ...; <see cref="MergeKeys"/>) match items by key: each item DM applied must be there with its
/// fields; items other managers added (a sidecar, an env var set with <c>kubectl set env</c>) survive DM's apply and are
/// no drift. Other lists are atomic: same length, element by element.</item>
/// <item>Resource quantities (under <c>resources.limits</c>/<c>requests</c>, quota <c>hard</c>, ...;
/// <see cref="IsQuantityField"/>) compare by value, as the server rewrites them canonically (<c>1000m</c> → <c>1</c>).</item>
/// <item>A Secret's <c>stringData</c> is write-only (merged into <c>data</c> as base64): its entries compare with the
/// live <c>data</c>. No value of a Secret's <c>data</c>/<c>stringData</c> ever appears in the message, only the key.</item>
/// </list>
/// </summary>
/// <remarks>
/// Compares read-only documents written from the two objects rather than the nodes themselves: a <see cref="JsonObject"/>
/// parsed from the wire (an informer's object) or kept compact (a desired manifest) builds a node for every value it
/// is asked for, and keeps them; walking every field of 3,000 objects that way held ~6 KB of nodes per object for good.
/// </remarks>
public static class DriftDetector
{
    /// <summary>Null when the live object still has everything DM applied, else the first differing path (and values, except a Secret's).</summary>
    public static string? Find(JsonObject desired, JsonObject live)
    {
        using var wanted = Document(desired);
        using var current = Document(live);
        var root = wanted.RootElement;
        var secret = IsSecret(root);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is "status" or "apiVersion")
            {
                continue;
            }

            var drift = secret && property.Name is "data" or "stringData"
                ? SecretDrift(property.Name, property.Value, Property(root, "stringData"), Property(current.RootElement, "data"))
                : Compare(property.Value, Property(current.RootElement, property.Name), property.Name, new Names(property.Name, null, null));
            if (drift is not null)
            {
                return drift;
            }
        }

        return null;
    }

    private static JsonDocument Document(JsonObject node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static bool IsSecret(JsonElement root) =>
        Property(root, "kind") is { ValueKind: JsonValueKind.String } kind && kind.ValueEquals("Secret")
        && (Property(root, "apiVersion") is not { ValueKind: JsonValueKind.String } version || version.ValueEquals("v1"));

    private static JsonElement? Property(JsonElement map, string name) =>
        map.ValueKind == JsonValueKind.Object && map.TryGetProperty(name, out var value) ? value : null;

    /// <summary>
    /// A Secret's <c>data</c> (base64, compared by the bytes it encodes) or <c>stringData</c> (write-only: compared, as
    /// base64 of its UTF-8 bytes, with the live <c>data</c>; it wins over <c>data</c> for the same key). Names keys only.
    /// </summary>
    private static string? SecretDrift(string field, JsonElement desired, JsonElement? desiredStringData, JsonElement? liveData)
    {
        if (desired.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (desired.ValueKind != JsonValueKind.Object)
        {
            return $"{field} differs from what DM applied";
        }

        foreach (var entry in desired.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            string expected;
            if (field == "stringData")
            {
                expected = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText()));
            }
            else if (desiredStringData is { } overrides && Property(overrides, entry.Name) is { ValueKind: not JsonValueKind.Null })
            {
                continue; // the server keeps the stringData value of this key
            }
            else
            {
                expected = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            }

            var applied = field == "stringData" ? $" (DM applied it as stringData.{entry.Name})" : string.Empty;
            switch (liveData is { } data ? Property(data, entry.Name) : null)
            {
                case null or { ValueKind: JsonValueKind.Null }:
                    return $"data.{entry.Name} is absent{applied}";
                case { ValueKind: JsonValueKind.String } value when SameBytes(expected, value.GetString()!):
                    break;
                default:
                    return $"data.{entry.Name} differs from what DM applied{applied}";
            }
        }

        return null;
    }

    /// <summary>Two base64 texts encode the same bytes (the server re-encodes what it decoded); plain comparison when either is no base64.</summary>
    private static bool SameBytes(string expected, string live)
    {
        if (string.Equals(expected, live, StringComparison.Ordinal))
        {
            return true;
        }

        var left = new byte[(expected.Length * 3 / 4) + 3];
        var right = new byte[(live.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(expected, left, out var leftLength)
            && Convert.TryFromBase64String(live, right, out var rightLength)
            && left.AsSpan(0, leftLength).SequenceEqual(right.AsSpan(0, rightLength));
    }

    private static string? Compare(JsonElement desired, JsonElement? live, string path, Names names)
    {
        switch (desired.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Object:
                if (live is not { ValueKind: JsonValueKind.Object } liveMap)
                {
                    return $"{path} is {Describe(live)}, DM applied a map";
                }

                foreach (var property in desired.EnumerateObject())
                {
                    if (Compare(property.Value, Property(liveMap, property.Name), $"{path}.{property.Name}", names.Child(property.Name)) is { } drift)
                    {
                        return drift;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (live is { ValueKind: JsonValueKind.Array } liveItems && MergeKeys.For(names.Name, names.Parent, desired) is { } keys)
                {
                    return CompareByKey(desired, liveItems, path, names, keys);
                }

                var count = desired.GetArrayLength();
                if (live is not { ValueKind: JsonValueKind.Array } liveList || liveList.GetArrayLength() != count)
                {
                    return $"{path} is {Describe(live)}, DM applied a list of {count}";
                }

                for (var i = 0; i < count; i++)
                {
                    if (Compare(desired[i], liveList[i], $"{path}[{i}]", names.Item()) is { } drift)
                    {
                        return drift;
                    }
                }

                return null;
            default:
                if (live is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) } value
                    && (JsonElement.DeepEquals(desired, value) || Text(desired) == Text(value) || SameQuantity(desired, value, names)))
                {
                    return null;
                }

                return $"{path} is {Describe(live)}, DM applied {Text(desired)}";
        }
    }

    /// <summary>An associative list: each desired item must match the live item with its key; live items of other managers are fine.</summary>
    private static string? CompareByKey(JsonElement desired, JsonElement live, string path, Names names, MergeKeys keys)
    {
        foreach (var item in desired.EnumerateArray())
        {
            var key = keys.KeyOf(item);
            var itemPath = $"{path}[{key}]";
            JsonElement? match = null;
            var matches = 0;
            foreach (var candidate in live.EnumerateArray())
            {
                if (keys.KeyOf(candidate) == key)
                {
                    match ??= candidate;
                    matches++;
                }
            }

            // The server keeps a duplicate (an env var appended by hand), and the last one wins in the kubelet.
            if (matches > 1)
            {
                return $"{itemPath} appears {matches} times, DM applied it once";
            }

            if (match is null)
            {
                return $"{itemPath} is absent, DM applied {(item.ValueKind == JsonValueKind.Object ? "a map" : Text(item))}";
            }

            if (Compare(item, match, itemPath, names.Item()) is { } drift)
            {
                return drift;
            }
        }

        return null;
    }

    private static bool SameQuantity(JsonElement desired, JsonElement live, Names names) =>
        desired.ValueKind is JsonValueKind.String or JsonValueKind.Number
        && live.ValueKind is JsonValueKind.String or JsonValueKind.Number
        && IsQuantityField(names)
        && Quantity.SameValue(Scalar(desired), Scalar(live));

    /// <summary>
    /// Whether a field holds a resource quantity, by where it sits: a value of a resource map (<c>resources.limits</c>,
    /// <c>resources.requests</c>, quota <c>spec.hard</c>, <c>spec</c>/<c>status</c> <c>capacity</c> and
    /// <c>allocatable</c>, pod <c>spec.overhead</c>, RuntimeClass <c>overhead.podFixed</c>), of a LimitRange item's <c>max</c>/<c>min</c>/<c>default</c>/<c>defaultRequest</c>/
    /// <c>maxLimitRequestRatio</c>, an <c>emptyDir.sizeLimit</c>, or an autoscaling target's <c>value</c>/<c>averageValue</c>.
    /// Anywhere else two texts that read as equal quantities (<c>"1.10"</c> and <c>"1.1"</c>, a version) are different.
    /// </summary>
    private static bool IsQuantityField(Names names) =>
        (names.Parent is "limits" or "requests" && names.Grandparent == "resources")
        || (names.Parent is "hard" or "capacity" or "allocatable" or "overhead" && names.Grandparent is "spec" or "status")
        || (names.Parent == "podFixed" && names.Grandparent == "overhead")
        || (names.Parent is "max" or "min" or "default" or "defaultRequest" or "maxLimitRequestRatio" && names.Grandparent == "limits[]")
        || names.Name is "sizeLimit" or "averageValue"
        || (names.Name == "value" && names.Parent is "target" or "current");

    private static string Scalar(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>The value as <see cref="JsonNode.ToJsonString"/> writes it.</summary>
    private static string Text(JsonElement value) => JsonValue.Create(value)?.ToJsonString() ?? "null";

    /// <summary>A JSON null reads as absent, as it does in a <see cref="JsonObject"/>.</summary>
    private static string Describe(JsonElement? node) => node switch
    {
        null or { ValueKind: JsonValueKind.Null } => "absent",
        { ValueKind: JsonValueKind.Object } => "a map",
        { ValueKind: JsonValueKind.Array } a => $"a list of {a.GetArrayLength()}",
        { } v => Text(v),
    };

    /// <summary>The field name of a value and of the two maps above it (a list item is named <c>list[]</c>).</summary>
    private readonly record struct Names(string? Name, string? Parent, string? Grandparent)
    {
        public Names Child(string name) => new(name, Name, Parent);

        public Names Item() => new(Name + "[]", Name, Parent);
    }
}
