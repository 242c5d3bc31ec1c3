using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.ResourceRepo;

/// <summary>
/// The one canonical-JSON hasher of DM: SHA-256 (hex) over JSON with object keys sorted ordinally and no whitespace,
/// independent of key order in the source, platform and culture. <see cref="Hash"/> covers a resource's rendered
/// manifests (the renderer's content hash), <see cref="Of"/> one object (the deployer's <c>dm.deployer/content-hash</c>
/// annotation on live objects: its bytes must never change, or every object would be applied again once).
/// </summary>
public static class ContentHasher
{
    // Validation only checks the writer is used correctly (it is: objects and arrays are written in pairs); the bytes are the same.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>The hash of a resource's rendered manifests: a JSON array of their canonical forms, in file order.</summary>
    public static string Hash(IReadOnlyList<RenderedManifest> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        return Digest(writer =>
        {
            writer.WriteStartArray();
            foreach (var manifest in manifests)
            {
                WriteCanonical(writer, manifest.Content);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>The hash of one object in canonical form.</summary>
    public static string Of(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Digest(writer => WriteCanonical(writer, manifest));
    }

    private static string Digest(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                var count = obj.Count;
                var entries = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(count);
                try
                {
                    var i = 0;
                    foreach (var entry in obj)
                    {
                        entries[i++] = entry;
                    }

                    Array.Sort(entries, 0, count, KeyOrder.Instance);
                    for (i = 0; i < count; i++)
                    {
                        writer.WritePropertyName(entries[i].Key);
                        WriteCanonical(writer, entries[i].Value);
                    }
                }
                finally
                {
                    ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(entries, clearArray: true);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when WritePrimitive(writer, value):
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Writes the values the renderer creates (string, bool, long, ulong, double) directly, as their converters would;
    /// JsonNode.WriteTo looks the converter up for every value, which made hashing a third of the render time.
    /// Values backed by a JsonElement (parsed JSON) keep their raw form through WriteTo.
    /// </summary>
    private static bool WritePrimitive(Utf8JsonWriter writer, JsonValue value)
    {
        if (value.TryGetValue<string>(out var text) && !value.TryGetValue<JsonElement>(out _))
        {
            writer.WriteStringValue(text);
        }
        else if (value.TryGetValue<bool>(out var flag) && !value.TryGetValue<JsonElement>(out _))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (value.TryGetValue<long>(out var integer) && !value.TryGetValue<JsonElement>(out _))
        {
            writer.WriteNumberValue(integer);
        }
        else
        {
            return false;
        }

        return true;
    }

    private sealed class KeyOrder : IComparer<KeyValuePair<string, JsonNode?>>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(KeyValuePair<string, JsonNode?> x, KeyValuePair<string, JsonNode?> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
