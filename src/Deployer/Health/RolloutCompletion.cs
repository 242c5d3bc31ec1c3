using System.Globalization;
using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Health;

/// <summary>
/// When an object's last rollout finished, as far as the object itself says: a Deployment's <c>Progressing</c> condition
/// turns to <c>NewReplicaSetAvailable</c> at the end of a rollout, a Job records <c>status.completionTime</c>; a kind
/// without health rules is done once applied. StatefulSets, DaemonSets and claims keep no such time. Pure.
/// </summary>
public static class RolloutCompletion
{
    /// <summary>The finishing time (<see cref="RolloutFinish.Known"/> with a null time for a kind done once applied), or unknown.</summary>
    public static RolloutFinish FinishedAt(ResourceKey key, JsonObject live) => (key.Group, key.Kind) switch
    {
        ("apps", "Deployment") => JsonStatus.Condition(live, "Progressing") is { } progressing && (string?)progressing["reason"] == "NewReplicaSetAvailable"
            ? Time(progressing["lastUpdateTime"] ?? progressing["lastTransitionTime"])
            : RolloutFinish.Unknown,
        ("batch", "Job") => Time(live["status"]?["completionTime"]),
        _ when ObjectHealth.HasRules(key) => RolloutFinish.Unknown,
        _ => new RolloutFinish(true, null),
    };

    private static RolloutFinish Time(JsonNode? node) =>
        DateTimeOffset.TryParse((string?)node, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? new RolloutFinish(true, at)
            : RolloutFinish.Unknown;
}

/// <summary>Whether the end of an object's last rollout is known, and when it was (null: at once, when applied).</summary>
public readonly record struct RolloutFinish(bool Known, DateTimeOffset? At)
{
    public static RolloutFinish Unknown => new(false, null);
}
