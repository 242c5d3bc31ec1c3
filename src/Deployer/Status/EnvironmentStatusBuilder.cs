using System.Globalization;
using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Deployer.Planning;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Deployer.Status;

/// <summary>
/// Turns the outcome of a round into the environment's reported status: each resource's state is the worst of its
/// objects (render and apply failures, rollout health), the environment's the worst of its resources. Pure.
/// </summary>
public static class EnvironmentStatusBuilder
{
    public static EnvironmentDeployStatus Build(
        string revision,
        DesiredState desired,
        IReadOnlyDictionary<ResourceKey, ObjectOutcome> outcomes,
        string fieldManager,
        EnvironmentDeployStatus? previous,
        IReadOnlyList<EnvironmentProblem> environmentProblems,
        DateTimeOffset now)
    {
        var resources = new SortedDictionary<string, ResourceDeployStatus>(StringComparer.Ordinal);
        foreach (var broken in desired.Broken)
        {
            resources[broken.Name] = new ResourceDeployStatus(
                broken.Version,
                ResourceState.Failed,
                Reasons.RenderFailed,
                string.Join("; ", broken.Errors.Select(e => e.Message)),
                previous?.Resources.GetValueOrDefault(broken.Name)?.LastAppliedAt);
        }

        var objectsByResource = desired.Objects.ToLookup(o => o.Resource, StringComparer.Ordinal);
        foreach (var resource in desired.Rendered)
        {
            resources[resource.Name] = ResourceStatus(resource, objectsByResource[resource.Name].ToList(), outcomes, fieldManager, previous, now);
        }

        var (state, reason, message) = Summarize(resources, environmentProblems);
        var healthy = state == EnvironmentState.Clean ? revision : previous?.HealthyRevision;
        return new EnvironmentDeployStatus(revision, healthy, state, reason, message, resources, now);
    }

    /// <summary>The status of an environment whose cluster could not be reached: resources keep what was last known, as Unknown.</summary>
    public static EnvironmentDeployStatus Unreachable(string revision, EnvironmentDeployStatus? previous, string reason, string message, DateTimeOffset now)
    {
        var resources = (previous?.Resources ?? new Dictionary<string, ResourceDeployStatus>())
            .ToDictionary(p => p.Key, p => p.Value with { State = ResourceState.Unknown, Reason = reason, Message = message }, StringComparer.Ordinal);
        return new EnvironmentDeployStatus(revision, previous?.HealthyRevision, EnvironmentState.Unknown, reason, message, resources, now);
    }

    private static ResourceDeployStatus ResourceStatus(
        RenderedResource resource,
        IReadOnlyList<DesiredObject> objects,
        IReadOnlyDictionary<ResourceKey, ObjectOutcome> outcomes,
        string fieldManager,
        EnvironmentDeployStatus? previous,
        DateTimeOffset now)
    {
        var worst = (State: ResourceState.Healthy, Reason: (string?)null, Message: objects.Count == 0 ? "no objects" : "applied");
        DateTimeOffset? lastApplied = previous?.Resources.GetValueOrDefault(resource.Name)?.LastAppliedAt;
        string? drift = null;
        foreach (var obj in objects)
        {
            var outcome = outcomes.GetValueOrDefault(obj.Key);
            (ResourceState State, string? Reason, string Message) current = outcome switch
            {
                null => (ResourceState.Pending, Reasons.NotYetApplied, $"{obj.Key} not applied yet"),
                ObjectOutcome.Failed f => (ResourceState.Failed, f.Reason, f.Message),
                ObjectOutcome.Unreachable u => (ResourceState.Unknown, Reasons.ClusterUnreachable, u.Message),
                ObjectOutcome.Applied a => FromHealth(ObjectHealth.Assess(obj.Key, a.Live)),
                ObjectOutcome.Unchanged u => FromHealth(ObjectHealth.Assess(obj.Key, u.Live)),
                ObjectOutcome.Finished => (ResourceState.Healthy, null, $"{obj.Key} ran at this content and was deleted since (ttlSecondsAfterFinished); it is not run again until its content changes"),
                _ => throw new InvalidOperationException($"Unknown outcome {outcome}."),
            };
            switch (outcome)
            {
                case ObjectOutcome.Applied applied:
                    lastApplied = now;
                    if (applied.Reason == ApplyReason.Drifted)
                    {
                        drift = $"{obj.Key}: {applied.Detail}; re-applied";
                    }

                    break;
                case ObjectOutcome.Unchanged unchanged when AppliedAt(unchanged.Live, fieldManager) is { } at && (lastApplied is null || at > lastApplied):
                    lastApplied = at;
                    break;
            }

            if (Severity(current.State) > Severity(worst.State) || (current.State == ResourceState.Healthy && worst.Reason is null && objects.Count == 1))
            {
                worst = current;
            }
        }

        // A drift correction stays on record until the resource's content changes; a healthy resource shows it as its reason.
        var before = previous?.Resources.GetValueOrDefault(resource.Name);
        var changed = objects.Any(o => outcomes.GetValueOrDefault(o.Key) is ObjectOutcome.Applied { Reason: not ApplyReason.Drifted });
        var driftAt = drift is not null ? now : changed ? null : before?.LastDriftCorrectedAt;
        var driftMessage = drift ?? (changed ? null : before?.LastDriftCorrection);
        if (worst.State == ResourceState.Healthy && driftMessage is not null)
        {
            worst = (ResourceState.Healthy, Reasons.DriftCorrected, driftMessage);
        }

        var (rolloutStartedAt, lastRolloutSeconds) = before is null && !changed
            ? RecoveredRollout(objects.Select(o => (o.Key, ObjectOutcome.LiveOf(outcomes.GetValueOrDefault(o.Key)))).ToList(), worst.State, lastApplied)
            : Rollout(before, changed, worst.State, now);
        return new ResourceDeployStatus(resource.Version, worst.State, worst.Reason, worst.Message, lastApplied)
        {
            LastDriftCorrectedAt = driftAt,
            LastDriftCorrection = driftMessage,
            RolloutStartedAt = rolloutStartedAt,
            LastRolloutSeconds = lastRolloutSeconds,
        };
    }

    /// <summary>
    /// Rollout timing of a resource: a round that applied a change (not a drift correction) starts a rollout now; the
    /// first round after it that finds the resource Healthy records its duration (0 for kinds healthy once applied).
    /// A rollout is still open while the resource was last seen Progressing or failing its rollout; a resource that was
    /// Unknown (cluster unreachable) or Healthy before records nothing, so an outage is never counted as rollout time.
    /// </summary>
    internal static (DateTimeOffset? StartedAt, double? LastSeconds) Rollout(ResourceDeployStatus? before, bool changedNow, ResourceState state, DateTimeOffset now)
    {
        var startedAt = changedNow ? now : before?.RolloutStartedAt;
        var lastSeconds = before?.LastRolloutSeconds;
        var open = changedNow
            || before is { State: ResourceState.Progressing }
            || before is { State: ResourceState.Failed, Reason: not (Reasons.RenderFailed or Reasons.ApplyFailed) };
        if (state == ResourceState.Healthy && open && startedAt is { } start)
        {
            lastSeconds = Math.Max(0, (now - start).TotalSeconds);
        }

        return (startedAt, lastSeconds);
    }

    /// <summary>
    /// Rollout timing of a resource the deployer has no status for yet (it just started, or took the environment over):
    /// the last rollout started when <paramref name="lastApplied"/> says DM last applied the resource (its managed
    /// fields), and, once healthy, took until the latest finishing time its objects report (<see cref="RolloutCompletion"/>).
    /// An object that keeps no such time leaves the duration unknown (null) rather than guessed.
    /// </summary>
    internal static (DateTimeOffset? StartedAt, double? LastSeconds) RecoveredRollout(IReadOnlyList<(ResourceKey Key, JsonObject? Live)> objects, ResourceState state, DateTimeOffset? lastApplied)
    {
        if (lastApplied is not { } start)
        {
            return (null, null);
        }

        if (state != ResourceState.Healthy)
        {
            return (start, null);
        }

        var finished = start;
        foreach (var (key, live) in objects)
        {
            var finish = live is null ? RolloutFinish.Unknown : RolloutCompletion.FinishedAt(key, live);
            if (!finish.Known)
            {
                return (start, null);
            }

            if (finish.At > finished)
            {
                finished = finish.At.Value;
            }
        }

        return (start, (finished - start).TotalSeconds);
    }

    private static (ResourceState State, string? Reason, string Message) FromHealth(HealthStatus health) => health.State switch
    {
        HealthState.Healthy => (ResourceState.Healthy, null, health.Message),
        HealthState.Progressing => (ResourceState.Progressing, health.Reason ?? Reasons.RolloutInProgress, health.Message),
        _ => (ResourceState.Failed, health.Reason, health.Message),
    };

    private static int Severity(ResourceState state) => state switch
    {
        ResourceState.Healthy => 0,
        ResourceState.Progressing => 1,
        ResourceState.Pending => 2,
        ResourceState.Unknown => 3,
        _ => 4,
    };

    private static (EnvironmentState, string?, string?) Summarize(IReadOnlyDictionary<string, ResourceDeployStatus> resources, IReadOnlyList<EnvironmentProblem> problems)
    {
        var failed = resources.Where(r => r.Value.State == ResourceState.Failed).ToList();
        if (failed.Count > 0)
        {
            var list = string.Join(", ", failed.Select(f => $"{f.Key} ({f.Value.Reason})"));
            var extra = problems.Count > 0 ? "; " + string.Join("; ", problems.Select(p => p.Message)) : string.Empty;
            return (EnvironmentState.Failed, failed[0].Value.Reason, $"{failed.Count} of {resources.Count} resources failed: {list}{extra}");
        }

        if (problems.Count > 0)
        {
            return (EnvironmentState.Failed, problems[0].Reason, string.Join("; ", problems.Select(p => p.Message)));
        }

        var unknown = resources.Where(r => r.Value.State == ResourceState.Unknown).ToList();
        if (unknown.Count > 0)
        {
            return (EnvironmentState.Unknown, Reasons.ClusterUnreachable, unknown[0].Value.Message);
        }

        var pending = resources.Where(r => r.Value.State == ResourceState.Pending).ToList();
        if (pending.Count > 0)
        {
            return (EnvironmentState.Outdated, Reasons.NotYetApplied, $"{pending.Count} resources not applied yet: {string.Join(", ", pending.Select(p => p.Key))}");
        }

        var progressing = resources.Where(r => r.Value.State == ResourceState.Progressing).ToList();
        if (progressing.Count > 0)
        {
            return (EnvironmentState.Progressing, Reasons.RolloutInProgress, $"{progressing.Count} resources rolling out: {string.Join(", ", progressing.Select(p => p.Key))}");
        }

        return (EnvironmentState.Clean, null, null);
    }

    /// <summary>When <paramref name="fieldManager"/> last applied to the object, from its managed fields.</summary>
    public static DateTimeOffset? AppliedAt(JsonObject live, string fieldManager)
    {
        DateTimeOffset? latest = null;
        foreach (var entry in (live["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if ((string?)entry["manager"] == fieldManager && (string?)entry["subresource"] is null or ""
                && DateTimeOffset.TryParse((string?)entry["time"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                && (latest is null || time > latest))
            {
                latest = time;
            }
        }

        return latest;
    }
}
