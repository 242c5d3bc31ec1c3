using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.Deployer.Planning;

/// <summary>
/// Finds fields DM applied whose live value differs: every value in the desired manifest must be present with the same
/// value in the live object (the server may add defaults and other managers may add fields; changing one of DM's is
/// drift). Lists compare element by element and must keep their length. <c>status</c> is ignored. Pure.
/// </summary>
/// <remarks>
/// Compares read-only documents written from the two objects rather than the nodes themselves: a <see cref="JsonObject"/>
/// parsed from the wire (an informer's object) or kept compact (a desired manifest) builds a node for every value it
/// is asked for, and keeps them; walking every field of 3,000 objects that way held ~6 KB of nodes per object for good.
/// </remarks>
public static class DriftDetector
{
    /// <summary>Null when the live object still has everything DM applied, else the first differing path and values.</summary>
    public static string? Find(JsonObject desired, JsonObject live)
    {
        using var wanted = Document(desired);
        using var current = Document(live);
        foreach (var property in wanted.RootElement.EnumerateObject())
        {
            if (property.Name is "status" or "apiVersion")
            {
                continue;
            }

            if (Compare(property.Value, Property(current.RootElement, property.Name), property.Name) is { } drift)
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

    private static JsonElement? Property(JsonElement map, string name) =>
        map.ValueKind == JsonValueKind.Object && map.TryGetProperty(name, out var value) ? value : null;

    private static string? Compare(JsonElement desired, JsonElement? live, string path)
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
                    if (Compare(property.Value, Property(liveMap, property.Name), $"{path}.{property.Name}") is { } drift)
                    {
                        return drift;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var count = desired.GetArrayLength();
                if (live is not { ValueKind: JsonValueKind.Array } liveList || liveList.GetArrayLength() != count)
                {
                    return $"{path} is {Describe(live)}, DM applied a list of {count}";
                }

                for (var i = 0; i < count; i++)
                {
                    if (Compare(desired[i], liveList[i], $"{path}[{i}]") is { } drift)
                    {
                        return drift;
                    }
                }

                return null;
            default:
                return live is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) } value && (JsonElement.DeepEquals(desired, value) || Text(desired) == Text(value))
                    ? null
                    : $"{path} is {Describe(live)}, DM applied {Text(desired)}";
        }
    }

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
}
