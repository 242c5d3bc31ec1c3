using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>Pure functions over workload and pod JSON that the kind controllers share: readiness, failure rule, labels, owner references, conditions, counts, template hashes.</summary>
internal static class WorkloadJson
{
    /// <summary>A pod (template) with this annotation set to <c>"true"</c> never becomes ready.</summary>
    public const string FailAnnotation = "dm.simulator/fail";

    /// <summary>The alphabet of generated name suffixes and hashes (no vowels, no look-alike digits).</summary>
    public const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static bool IsReady(StoredObject pod)
    {
        var json = pod.ToJson();
        return Json.Str(json, "status", "phase") == "Running"
            && (json["status"]?["conditions"] as JsonArray)?.Any(c => Json.Str(c, "type") == "Ready" && Json.Str(c, "status") == "True") == true;
    }

    public static bool IsFailing(JsonObject podOrTemplate)
    {
        if (Json.Str(podOrTemplate, "metadata", "annotations", FailAnnotation) == "true")
        {
            return true;
        }

        return (podOrTemplate["spec"]?["containers"] as JsonArray ?? []).Any(c => Json.Str(c, "image") is { } image && image.EndsWith(":fail", StringComparison.Ordinal));
    }

    public static long Ordinal(string podName, string setName)
        => long.TryParse(podName.AsSpan(setName.Length + 1), CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

    public static JsonObject Labels(JsonObject template, params (string Key, string Value)[] extra)
    {
        var labels = (JsonObject?)template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject();
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    public static JsonArray OwnerReference(StoredObject owner) => new(new JsonObject
    {
        ["apiVersion"] = owner.Type.GroupVersion,
        ["kind"] = owner.Type.Kind,
        ["name"] = owner.Name,
        ["uid"] = owner.Uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    });

    public static JsonObject Condition(string type, string status, string reason, string message)
        => new() { ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message };

    public static void Counts(JsonObject status, params (string Name, long Value)[] counts)
    {
        foreach (var (name, value) in counts)
        {
            if (value != 0)
            {
                status[name] = value;
            }
        }
    }

    public static bool SetValue(JsonObject target, string key, long value)
    {
        if (Json.Int(target, key) == value)
        {
            return false;
        }

        target[key] = value;
        return true;
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Like the controllers' pod-template-hash: FNV-1a of the template, spelled in the safe alphabet.</summary>
    public static string TemplateHash(JsonObject template)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(template.ToJsonString()))
        {
            hash = (hash ^ b) * 16777619u;
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return new string([.. digits.Select(d => SafeAlphabet[d - '0'])]);
    }
}
