using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>Small JSON helpers shared by the store, patching and the HTTP layer.</summary>
internal static class Json
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8) => (JsonObject)JsonNode.Parse(utf8)!;

    public static string? Str(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            current = (current as JsonObject)?[key];
        }

        return current is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static long? Int(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            current = (current as JsonObject)?[key];
        }

        if (current is JsonValue value)
        {
            if (value.TryGetValue<long>(out var l))
            {
                return l;
            }

            if (value.TryGetValue<double>(out var d))
            {
                return (long)d;
            }

            if (value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el))
            {
                return el;
            }
        }

        return null;
    }

    public static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        if (node is not JsonObject map || map.Count == 0)
        {
            return EmptyMap;
        }

        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
        }

        return result;
    }

    public static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}
