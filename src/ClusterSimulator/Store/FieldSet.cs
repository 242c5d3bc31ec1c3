using System.Text;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// The set of fields a manager owns, as paths of <c>fieldsV1</c> segments (<c>f:spec</c>, <c>k:{"name":"web"}</c>,
/// <c>.</c> for a list item itself). Converts to and from the <c>fieldsV1</c> tree stored in <c>managedFields</c>.
/// </summary>
internal static class FieldSet
{
    public const char Separator = '\u001f';

    private static readonly HashSet<string> SystemMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generateName",
    };

    /// <summary>The fields an object sets, excluding identity and system metadata.</summary>
    public static HashSet<string> Of(JsonObject obj)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || value is null)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (metaKey, metaValue) in metadata)
                {
                    if (!SystemMetadata.Contains(metaKey) && metaValue is not null)
                    {
                        Collect(set, $"f:metadata{Separator}f:{metaKey}", metaKey, metaValue);
                    }
                }

                continue;
            }

            Collect(set, "f:" + key, key, value);
        }

        return set;
    }

    private static void Collect(HashSet<string> set, string path, string field, JsonNode value)
    {
        switch (value)
        {
            case JsonObject map when map.Count > 0:
                foreach (var (key, child) in map)
                {
                    if (child is not null)
                    {
                        Collect(set, path + Separator + "f:" + key, key, child);
                    }
                }

                break;
            case JsonArray list when ListKeys.KeyFor(field, list) is { } listKey:
                foreach (var item in list.OfType<JsonObject>())
                {
                    var itemPath = path + Separator + ItemSegment(listKey, item[listKey]);
                    set.Add(itemPath + Separator + ".");
                    foreach (var (key, child) in item)
                    {
                        if (child is not null)
                        {
                            Collect(set, itemPath + Separator + "f:" + key, key, child);
                        }
                    }
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }

    public static string ItemSegment(string key, JsonNode? value)
        => "k:" + new JsonObject { [key] = value?.DeepClone() }.ToJsonString();

    /// <summary>Finds the value at a path; for a <c>.</c> path, the list item itself.</summary>
    public static bool TryGet(JsonObject root, string path, out JsonNode? value)
    {
        JsonNode? current = root;
        JsonArray? parentList = null;
        foreach (var segment in path.Split(Separator))
        {
            if (segment == ".")
            {
                break;
            }

            if (segment.StartsWith("f:", StringComparison.Ordinal))
            {
                if (current is not JsonObject map || !map.TryGetPropertyValue(segment[2..], out var next))
                {
                    value = null;
                    return false;
                }

                parentList = next as JsonArray;
                current = next;
            }
            else if (segment.StartsWith("k:", StringComparison.Ordinal))
            {
                var keyObject = JsonNode.Parse(segment[2..])!.AsObject();
                var (key, keyValue) = keyObject.First();
                var item = parentList is null ? null : ListKeys.FindItem(parentList, key, keyValue);
                if (item is null)
                {
                    value = null;
                    return false;
                }

                current = item;
                parentList = null;
            }
        }

        value = current;
        return true;
    }

    /// <summary>Removes the field (or list item, for a <c>.</c> path) at a path; absent paths are ignored.</summary>
    public static void Remove(JsonObject root, string path)
    {
        var segments = path.Split(Separator);
        var removeItem = segments[^1] == ".";
        var target = removeItem ? segments[..^1] : segments;
        if (target.Length == 0)
        {
            return;
        }

        var parentPath = string.Join(Separator, target[..^1]);
        JsonNode? parent = root;
        if (parentPath.Length > 0 && !TryGet(root, parentPath, out parent))
        {
            return;
        }

        var last = target[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal) && parent is JsonObject map)
        {
            map.Remove(last[2..]);
        }
        else if (last.StartsWith("k:", StringComparison.Ordinal) && parent is JsonArray list)
        {
            var (key, keyValue) = JsonNode.Parse(last[2..])!.AsObject().First();
            var item = ListKeys.FindItem(list, key, keyValue);
            if (item is not null)
            {
                list.Remove(item);
            }
        }
    }

    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var segment in path.Split(Separator))
            {
                node = Json.Obj(node, segment);
            }
        }

        return root;
    }

    public static HashSet<string> FromFieldsV1(JsonObject? tree)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (tree is not null)
        {
            Walk(set, string.Empty, tree);
        }

        return set;
    }

    private static void Walk(HashSet<string> set, string prefix, JsonObject node)
    {
        foreach (var (key, child) in node)
        {
            var path = prefix.Length == 0 ? key : prefix + Separator + key;
            if (child is JsonObject childObject && childObject.Count > 0)
            {
                Walk(set, path, childObject);
            }
            else
            {
                set.Add(path);
            }
        }
    }

    /// <summary>Renders a path as the API server does in conflict messages: <c>.spec.template.spec.containers[name="web"].image</c>.</summary>
    public static string Render(string path)
    {
        var text = new StringBuilder();
        foreach (var segment in path.Split(Separator))
        {
            if (segment.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(segment[2..]);
            }
            else if (segment.StartsWith("k:", StringComparison.Ordinal))
            {
                var (key, value) = JsonNode.Parse(segment[2..])!.AsObject().First();
                text.Append('[').Append(key).Append('=').Append(value?.ToJsonString()).Append(']');
            }
        }

        return text.ToString();
    }
}
