using System.Text.Json.Nodes;

namespace Dm.Deployer.Health;

/// <summary>Reading numbers, strings and conditions out of an object's JSON.</summary>
internal static class JsonStatus
{
    public static long Number(JsonNode? node, long fallback = 0) =>
        node is JsonValue value && value.TryGetValue<long>(out var number) ? number
        : node is JsonValue d && d.TryGetValue<double>(out var real) ? (long)real
        : fallback;

    public static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "?";

    public static (long Generation, long ObservedGeneration) Generations(JsonObject obj) =>
        (Number(obj["metadata"]?["generation"]), Number(obj["status"]?["observedGeneration"]));

    /// <summary>The condition of <paramref name="type"/> in <c>status.conditions</c>, or null.</summary>
    public static JsonObject? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static bool IsTrue(JsonObject? condition) => (string?)condition?["status"] == "True";
}
