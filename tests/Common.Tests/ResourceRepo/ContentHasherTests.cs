using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>
/// Content hashes are stored on cluster objects by the deployer, so their bytes must never change: the hasher must
/// equal the straightforward canonical form (keys sorted ordinally, JsonNode.WriteTo for values) on any manifest.
/// </summary>
public sealed class ContentHasherTests
{
    [Fact]
    public void KnownManifestHashIsPinned()
    {
        var manifest = (JsonObject)JsonNode.Parse("""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"b":"2","a":"\u00e9 <&> '\"\\"}},
             "spec":{"replicas":3,"big":18446744073709551615,"ratio":2.5,"tiny":1e-7,"neg":-9223372036854775808,"on":true,"off":false,"none":null,
             "list":[1,"x",{"z":1,"y":[]},null],"ctl":"\u0001\t\n"}}
            """)!;
        var manifests = new[] { new RenderedManifest(new ResourceKey("apps", "Deployment", string.Empty, "web"), manifest) };

        Assert.Equal(ReferenceHash(manifests), ContentHasher.Hash(manifests));
        Assert.Equal("0fe055d287af1226a5f6020e0c0936171998f1da17542e2cd06769bcd0b2bcff", ContentHasher.Hash(manifests));
    }

    [Fact]
    public void RenderedValuesHashLikeTheReferenceForm()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var manifests = Enumerable.Range(0, random.Next(1, 3))
                .Select(_ => new RenderedManifest(new ResourceKey(string.Empty, "ConfigMap", string.Empty, "x"), (JsonObject)RandomNode(random, 0, forceObject: true)!))
                .ToList();

            Assert.Equal(ReferenceHash(manifests), ContentHasher.Hash(manifests));
        }
    }

    private static JsonNode? RandomNode(Random random, int depth, bool forceObject = false)
    {
        var choice = forceObject ? 0 : random.Next(depth > 3 ? 2 : 0, 11);
        switch (choice)
        {
            case 0:
                var obj = new JsonObject();
                for (var i = random.Next(0, 6); i > 0; i--)
                {
                    obj[RandomText(random)] = RandomNode(random, depth + 1);
                }

                return obj;
            case 1:
                var array = new JsonArray();
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    array.Add(RandomNode(random, depth + 1));
                }

                return array;
            case 2: return null;
            case 3: return JsonValue.Create(random.Next(2) == 0);
            case 4: return JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue));
            case 5: return JsonValue.Create((ulong)long.MaxValue + (ulong)random.NextInt64(1, long.MaxValue));
            case 6: return JsonValue.Create(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 20)), random.Next(0, 6)));
            case 7: return ManifestRenderer.ResolvePlain(random.Next(4) switch { 0 => "0x1F", 1 => "1e3", 2 => "0o17", _ => "-0.5" });
            default: return JsonValue.Create(RandomText(random));
        }
    }

    private static string RandomText(Random random)
    {
        const string Alphabet = "abcXYZ019 _-./:\"\\'<>&\u00e9\u4e2d\u0001\t\n$";
        return new string(Enumerable.Range(0, random.Next(0, 8)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
    }

    /// <summary>The canonical form as first written: sorted keys, validation on, JsonNode.WriteTo for every value.</summary>
    private static string ReferenceHash(IReadOnlyList<RenderedManifest> manifests)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            writer.WriteStartArray();
            foreach (var manifest in manifests)
            {
                Write(writer, manifest.Content);
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));

        static void Write(Utf8JsonWriter writer, JsonNode? node)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var entry in obj.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(entry.Key);
                        Write(writer, entry.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }
}
