using System.Globalization;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>JSON merge patch (RFC 7386), strategic merge patch (keyed lists), JSON patch (RFC 6902) and the apply merge.</summary>
internal static class Patches
{
    /// <summary>
    /// <paramref name="target"/> with the patch <paramref name="patchText"/> of <paramref name="patchType"/>
    /// (<c>json</c>, <c>merge</c> or <c>strategic</c>) applied.
    /// </summary>
    public static JsonObject Apply(string patchType, JsonObject target, string patchText)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(patchText);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new MalformedRequestException($"error decoding patch: {e.Message}");
        }

        return patchType switch
        {
            "json" => JsonPatch(target, patch as JsonArray ?? throw new MalformedRequestException("json patch must be a JSON array of operations")),
            "merge" => MergePatch(target, patch),
            _ => StrategicMerge(target, patch as JsonObject ?? throw new MalformedRequestException("strategic merge patch must be a JSON object")),
        } as JsonObject ?? throw new MalformedRequestException("the patch did not produce an object");
    }

    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? targetObject : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var existing = result[key];
                result.Remove(key);
                result[key] = MergePatch(existing?.DeepClone(), value);
            }
        }

        return result;
    }

    public static JsonObject StrategicMerge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal)
                || key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal)
                || key is "$retainKeys" or "$patch")
            {
                continue;
            }

            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            var existing = target[key];
            switch (value)
            {
                case JsonObject patchMap when existing is JsonObject targetMap:
                    if (patchMap["$patch"]?.GetValue<string>() == "replace")
                    {
                        var replacement = (JsonObject)patchMap.DeepClone();
                        replacement.Remove("$patch");
                        target[key] = replacement;
                    }
                    else
                    {
                        StrategicMerge(targetMap, patchMap);
                    }

                    break;
                case JsonArray patchList when existing is JsonArray targetList
                    && ListKeys.KeyFor(key, patchList) is { } listKey
                    && (targetList.Count == 0 || ListKeys.KeyFor(key, targetList) == listKey):
                    MergeKeyedList(targetList, patchList, listKey);
                    break;
                default:
                    target[key] = WithoutDirectives(value.DeepClone());
                    break;
            }
        }

        return target;
    }

    private static void MergeKeyedList(JsonArray target, JsonArray patch, string key)
    {
        foreach (var item in patch.OfType<JsonObject>())
        {
            var existing = ListKeys.FindItem(target, key, item[key]);
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (existing is not null)
                {
                    target.Remove(existing);
                }

                continue;
            }

            if (existing is null)
            {
                target.Add(WithoutDirectives(item.DeepClone()));
            }
            else
            {
                StrategicMerge(existing, item);
            }
        }
    }

    private static JsonNode WithoutDirectives(JsonNode node)
    {
        if (node is JsonObject map)
        {
            foreach (var key in map.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
            {
                map.Remove(key);
            }

            foreach (var (_, child) in map)
            {
                if (child is not null)
                {
                    WithoutDirectives(child);
                }
            }
        }
        else if (node is JsonArray list)
        {
            foreach (var child in list)
            {
                if (child is not null)
                {
                    WithoutDirectives(child);
                }
            }
        }

        return node;
    }

    /// <summary>Merges an applied configuration into the live object: maps and keyed lists merge, everything else is replaced.</summary>
    public static void ApplyMerge(JsonObject target, JsonObject applied)
    {
        foreach (var (key, value) in applied)
        {
            if (value is null)
            {
                continue;
            }

            var existing = target[key];
            switch (value)
            {
                case JsonObject appliedMap when existing is JsonObject targetMap:
                    ApplyMerge(targetMap, appliedMap);
                    break;
                case JsonArray appliedList when existing is JsonArray targetList
                    && ListKeys.KeyFor(key, appliedList) is { } listKey
                    && (targetList.Count == 0 || ListKeys.KeyFor(key, targetList) == listKey):
                    var merged = new JsonArray();
                    foreach (var item in appliedList.OfType<JsonObject>())
                    {
                        var live = ListKeys.FindItem(targetList, listKey, item[listKey]);
                        if (live is null)
                        {
                            merged.Add(item.DeepClone());
                        }
                        else
                        {
                            var copy = (JsonObject)live.DeepClone();
                            ApplyMerge(copy, item);
                            merged.Add(copy);
                        }
                    }

                    foreach (var live in targetList.OfType<JsonObject>())
                    {
                        if (ListKeys.FindItem(appliedList, listKey, live[listKey]) is null)
                        {
                            merged.Add(live.DeepClone());
                        }
                    }

                    target[key] = merged;
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }

    public static JsonNode JsonPatch(JsonNode document, JsonArray operations)
    {
        var root = document;
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = Json.Str(operation, "op") ?? throw new MalformedRequestException("json patch operation has no \"op\"");
            var path = Json.Str(operation, "path") ?? throw new MalformedRequestException($"json patch {op} operation has no \"path\"");
            switch (op)
            {
                case "add":
                    root = Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    RemoveAt(root, path);
                    break;
                case "replace":
                    RemoveAt(root, path);
                    root = Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    var from = Json.Str(operation, "from") ?? throw new MalformedRequestException("json patch move operation has no \"from\"");
                    var moved = Resolve(root, from)?.DeepClone();
                    RemoveAt(root, from);
                    root = Add(root, path, moved);
                    break;
                case "copy":
                    var source = Json.Str(operation, "from") ?? throw new MalformedRequestException("json patch copy operation has no \"from\"");
                    root = Add(root, path, Resolve(root, source)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(root, path), operation["value"]))
                    {
                        throw new InvalidPatchException($"testing value {path} failed");
                    }

                    break;
                default:
                    throw new MalformedRequestException($"Unexpected kind: {op}");
            }
        }

        return root;
    }

    private static string[] Tokens(string pointer)
        => pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Resolve(JsonNode root, string pointer)
    {
        JsonNode? current = root;
        foreach (var token in Tokens(pointer))
        {
            current = current switch
            {
                JsonObject map when map.TryGetPropertyValue(token, out var next) => next,
                JsonArray list when int.TryParse(token, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < list.Count => list[index],
                _ => throw new InvalidPatchException($"doc is missing path: \"{pointer}\""),
            };
        }

        return current;
    }

    private static JsonNode Add(JsonNode root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? new JsonObject();
        }

        var parent = Resolve(root, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray list when last == "-":
                list.Add(value);
                break;
            case JsonArray list when int.TryParse(last, CultureInfo.InvariantCulture, out var index) && index >= 0 && index <= list.Count:
                list.Insert(index, value);
                break;
            default:
                throw new InvalidPatchException($"doc is missing path: \"{pointer}\"");
        }

        return root;
    }

    private static void RemoveAt(JsonNode root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return;
        }

        var parent = Resolve(root, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject map => map.Remove(last),
            JsonArray list when int.TryParse(last, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < list.Count => RemoveIndex(list, index),
            _ => false,
        };
        if (!removed)
        {
            throw new InvalidPatchException($"doc is missing path: \"{pointer}\"");
        }
    }

    private static bool RemoveIndex(JsonArray list, int index)
    {
        list.RemoveAt(index);
        return true;
    }
}
