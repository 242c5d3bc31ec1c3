using System.Text.Json.Nodes;

namespace Dm.Deployer.Planning;

/// <summary>
/// Finds fields DM applied whose live value differs: every value in the desired manifest must be present with the same
/// value in the live object (the server may add defaults and other managers may add fields; changing one of DM's is
/// drift). Lists compare element by element and must keep their length. <c>status</c> is ignored. Pure.
/// </summary>
public static class DriftDetector
{
    /// <summary>Null when the live object still has everything DM applied, else the first differing path and values.</summary>
    public static string? Find(JsonObject desired, JsonObject live)
    {
        foreach (var (key, value) in desired)
        {
            if (key is "status" or "apiVersion")
            {
                continue;
            }

            if (Compare(value, live[key], key) is { } drift)
            {
                return drift;
            }
        }

        return null;
    }

    private static string? Compare(JsonNode? desired, JsonNode? live, string path)
    {
        switch (desired)
        {
            case null:
                return null;
            case JsonObject map:
                if (live is not JsonObject liveMap)
                {
                    return $"{path} is {Describe(live)}, DM applied a map";
                }

                foreach (var (key, value) in map)
                {
                    if (Compare(value, liveMap[key], $"{path}.{key}") is { } drift)
                    {
                        return drift;
                    }
                }

                return null;
            case JsonArray list:
                if (live is not JsonArray liveList || liveList.Count != list.Count)
                {
                    return $"{path} is {Describe(live)}, DM applied a list of {list.Count}";
                }

                for (var i = 0; i < list.Count; i++)
                {
                    if (Compare(list[i], liveList[i], $"{path}[{i}]") is { } drift)
                    {
                        return drift;
                    }
                }

                return null;
            default:
                return live is JsonValue && JsonNode.DeepEquals(desired, live) || SameScalarText(desired, live)
                    ? null
                    : $"{path} is {Describe(live)}, DM applied {desired.ToJsonString()}";
        }
    }

    private static bool SameScalarText(JsonNode desired, JsonNode? live) =>
        live is JsonValue && desired.ToJsonString() == live.ToJsonString();

    private static string Describe(JsonNode? node) => node switch
    {
        null => "absent",
        JsonObject => "a map",
        JsonArray a => $"a list of {a.Count}",
        _ => node.ToJsonString(),
    };
}
