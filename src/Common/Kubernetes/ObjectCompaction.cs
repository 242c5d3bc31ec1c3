using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.Kubernetes;

/// <summary>
/// The form an informer keeps an object in: the same JSON, built to stay small for as long as it is cached. An object
/// read from the wire holds the whole text it was parsed from (<c>managedFields</c> included, even once removed from
/// the tree) plus a node for every value anyone read; 50,000 cached objects cost ~6 KB each that way. Here
/// <c>metadata</c>, which every reader walks (name, resourceVersion, annotations, managed fields), is a plain tree whose
/// property names and repeated values are pooled, and every other top-level field (<c>spec</c>, <c>data</c>,
/// <c>status</c>, ...) is a node over its own small read-only document, which builds nodes only where it is read.
/// Numbers keep their text and every numeric reading. Pure apart from the pool.
/// </summary>
internal static class ObjectCompaction
{
    /// <summary>Metadata values that repeat across objects and are worth pooling (names, uids and times are not).</summary>
    private static readonly HashSet<string> PooledValues = new(StringComparer.Ordinal) { "apiVersion", "kind", "namespace", "manager", "operation", "fieldsType", "subresource" };

    public static JsonObject Compact(JsonObject item, StringPool pool)
    {
        var buffer = new ArrayBufferWriter<byte>(1_024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            item.WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var compact = new JsonObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            compact[pool.Intern(property.Name)] = property.Name == "metadata" || property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
                ? Tree(property.Value, property.Name, pool)
                : Lazy(property.Value);
        }

        return compact;
    }

    private static JsonNode? Tree(JsonElement value, string name, StringPool pool) => value.ValueKind switch
    {
        JsonValueKind.Object => Map(value, pool),
        JsonValueKind.Array => new JsonArray([.. value.EnumerateArray().Select(item => Tree(item, name, pool))]),
        JsonValueKind.String => JsonValue.Create(PooledValues.Contains(name) ? pool.Intern(value.GetString()!) : value.GetString()!),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(value.Clone()),
    };

    private static JsonObject Map(JsonElement value, StringPool pool)
    {
        var map = new JsonObject();
        foreach (var property in value.EnumerateObject())
        {
            // A managed field set nobody trimmed stays one small document rather than a tree of every field path.
            map[pool.Intern(property.Name)] = property.Name == "fieldsV1" && property.Value.ValueKind == JsonValueKind.Object
                ? Lazy(property.Value)
                : Tree(property.Value, property.Name, pool);
        }

        return map;
    }

    private static JsonNode? Lazy(JsonElement value) => JsonNode.Parse(JsonMarshal.GetRawUtf8Value(value));
}
