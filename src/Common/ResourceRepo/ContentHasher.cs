using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.Common.ResourceRepo;

/// <summary>
/// SHA-256 over a canonical JSON form of rendered manifests: object keys sorted ordinally, no whitespace, documents
/// in file order separated by a newline. Independent of key order in the source, platform and culture.
/// </summary>
internal static class ContentHasher
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    public static string Hash(IReadOnlyList<RenderedManifest> manifests)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var manifest in manifests)
            {
                WriteCanonical(writer, manifest.Content);
            }

            writer.WriteEndArray();
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
                var entries = obj.ToArray();
                Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                foreach (var entry in entries)
                {
                    writer.WritePropertyName(entry.Key);
                    WriteCanonical(writer, entry.Value);
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
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
