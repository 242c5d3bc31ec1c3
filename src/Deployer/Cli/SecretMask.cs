using System.Text.Json.Nodes;

namespace Dm.Deployer.Cli;

/// <summary>
/// Hides a Secret's values before it is printed, as <c>kubectl diff</c> does: every value under <c>data</c> and
/// <c>stringData</c> becomes <c>***</c>, or <c>*** (before)</c> / <c>*** (after)</c> when it changed, so a unified diff
/// shows which keys changed and never a value. The annotations that carry values or a hash of them
/// (<c>kubectl.kubernetes.io/last-applied-configuration</c>, <c>dm.deployer/content-hash</c>) are masked the same way. Pure.
/// </summary>
internal static class SecretMask
{
    private static readonly string[] ValueFields = ["data", "stringData"];

    private static readonly string[] ValueAnnotations = ["kubectl.kubernetes.io/last-applied-configuration", DeployerAnnotations.ContentHash];

    /// <summary>Masks copies of both sides; returns them with the data keys whose value changed (sorted).</summary>
    public static (JsonObject? Before, JsonObject After, IReadOnlyList<string> ChangedKeys) Mask(JsonObject? before, JsonObject after)
    {
        var left = before?.DeepClone().AsObject();
        var right = after.DeepClone().AsObject();
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in ValueFields)
        {
            changed.UnionWith(MaskMap(left?[field] as JsonObject, right[field] as JsonObject));
        }

        MaskMap(left?["metadata"]?["annotations"] as JsonObject, right["metadata"]?["annotations"] as JsonObject, ValueAnnotations);
        return (left, right, [.. changed]);
    }

    private static List<string> MaskMap(JsonObject? left, JsonObject? right, IReadOnlyList<string>? only = null)
    {
        var changed = new List<string>();
        var names = (left?.Select(p => p.Key) ?? []).Union(right?.Select(p => p.Key) ?? []).Where(n => only is null || only.Contains(n)).ToList();
        foreach (var name in names)
        {
            var inLeft = left?.ContainsKey(name) == true;
            var inRight = right?.ContainsKey(name) == true;
            var same = inLeft && inRight && JsonNode.DeepEquals(left![name], right![name]);
            if (!same)
            {
                changed.Add(name);
            }

            if (inLeft)
            {
                left![name] = same || !inRight ? "***" : "*** (before)";
            }

            if (inRight)
            {
                right![name] = same || !inLeft ? "***" : "*** (after)";
            }
        }

        return changed;
    }
}
