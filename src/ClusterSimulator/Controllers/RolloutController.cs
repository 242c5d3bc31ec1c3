using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using Microsoft.Extensions.Logging;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>
/// Moves workload status over (scaled) time the way the real controllers do: Deployments own a ReplicaSet per pod
/// template, ReplicaSets/StatefulSets/DaemonSets/Jobs own Pods, Pods become ready after
/// <see cref="SimulatorOptions.PodReadySeconds"/> simulated seconds, and a pod whose image tag is <c>fail</c> (or whose
/// template carries the annotation <c>dm.simulator/fail: "true"</c>) never does.
/// </summary>
internal sealed class RolloutController(ClusterStore store, SimulatorOptions options, ILogger<RolloutController> logger) : IAsyncDisposable
{
    public const string FailAnnotation = "dm.simulator/fail";
    private const string Manager = "kube-controller-manager";
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _podBorn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Hash, DateTimeOffset LastProgress, string Counts)> _progress = new(StringComparer.Ordinal);
    private readonly Random _random = new(options.FaultSeed + 1);
    private ITimer? _timer;
    private int _nextNode;

    private ApiResourceType Pods => store.Catalog.Find(string.Empty, "v1", "pods")!;

    private ApiResourceType ReplicaSets => store.Catalog.Find("apps", "v1", "replicasets")!;

    private TimeSpan PodReadyAfter => TimeSpan.FromSeconds(options.PodReadySeconds / options.RolloutSpeed);

    public void Start() => _timer = options.TimeProvider.CreateTimer(_ => Tick(), null, options.ControllerInterval, options.ControllerInterval);

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        // Holding the gate for good makes any timer callback still in flight return at once.
        await _running.WaitAsync();
    }

    /// <summary>One reconcile pass over every workload (public for deterministic tests).</summary>
    public void Tick()
    {
        if (!_running.Wait(0))
        {
            return;
        }

        try
        {
            var now = options.TimeProvider.GetUtcNow();
            ReconcileDeployments(now);
            ReconcileReplicaSets();
            ReconcileStatefulSets();
            ReconcileDaemonSets();
            ReconcileJobs();
            ReconcilePods(now);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Rollout controller pass failed on {Cluster}", options.ClusterName);
        }
        finally
        {
            _running.Release();
        }
    }

    private void ReconcileDeployments(DateTimeOffset now)
    {
        var deployments = store.Catalog.Find("apps", "v1", "deployments")!;
        var replicaSets = ReplicaSets;
        foreach (var stored in store.All(deployments))
        {
            var deployment = stored.ToJson();
            var replicas = Json.Int(deployment, "spec", "replicas") ?? 1;
            var template = deployment["spec"]?["template"] as JsonObject ?? new JsonObject();
            var hash = TemplateHash(template);
            var rsName = $"{stored.Name}-{hash}";
            var owned = store.All(replicaSets, stored.Namespace).Where(r => r.OwnerUids.Contains(stored.Uid)).ToList();
            var newRs = owned.FirstOrDefault(r => r.Name == rsName);
            if (newRs is null)
            {
                var revision = owned.Select(r => long.TryParse(Json.Str(r.ToJson(), "metadata", "annotations", "deployment.kubernetes.io/revision"), CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
                var labels = Labels(template, ("pod-template-hash", hash));
                var rsTemplate = (JsonObject)template.DeepClone();
                Json.Obj(rsTemplate, "metadata")["labels"] = labels.DeepClone();
                var selector = (JsonObject?)deployment["spec"]?["selector"]?.DeepClone() ?? new JsonObject();
                Json.Obj(selector, "matchLabels")["pod-template-hash"] = hash;
                var rs = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = rsName,
                        ["labels"] = labels,
                        ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture) },
                        ["ownerReferences"] = OwnerReference(stored),
                    },
                    ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = rsTemplate },
                };
                newRs = store.Create(replicaSets, stored.Namespace, rs, Manager, dryRun: false);
                RecordEvent(stored, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} from 0 to {replicas}", "deployment-controller");
                owned.Add(newRs);
            }
            else if (Json.Int(newRs.ToJson(), "spec", "replicas") != replicas)
            {
                store.Mutate(replicaSets, stored.Namespace, rsName, Manager, null, rs => SetValue(Json.Obj(rs, "spec"), "replicas", replicas));
                newRs = store.Get(replicaSets, stored.Namespace, rsName);
            }

            var newStatus = newRs.ToJson()["status"];
            var newAvailable = Json.Int(newStatus, "availableReplicas") ?? 0;
            foreach (var old in owned.Where(r => r.Name != rsName))
            {
                if (newAvailable >= replicas)
                {
                    store.Mutate(replicaSets, stored.Namespace, old.Name, Manager, null, rs => SetValue(Json.Obj(rs, "spec"), "replicas", 0));
                }
            }

            var statuses = owned.Select(r => store.TryGet(replicaSets, r.Namespace, r.Name)?.ToJson()["status"]).ToList();
            var total = statuses.Sum(s => Json.Int(s, "replicas") ?? 0);
            var ready = statuses.Sum(s => Json.Int(s, "readyReplicas") ?? 0);
            var available = statuses.Sum(s => Json.Int(s, "availableReplicas") ?? 0);
            var updated = Json.Int(store.Get(replicaSets, stored.Namespace, rsName).ToJson()["status"], "replicas") ?? 0;
            // The desired replicas are part of the progress mark: scaling is progress (a replicas-only change of a finished
            // Deployment starts a new deadline, as in the real controller), not a stall since the last rollout.
            var counts = $"{replicas}:{total}/{updated}/{ready}/{available}";
            if (!_progress.TryGetValue(stored.Uid, out var progress) || progress.Hash != hash || progress.Counts != counts)
            {
                progress = (hash, now, counts);
                _progress[stored.Uid] = progress;
            }

            var deadline = TimeSpan.FromSeconds((Json.Int(deployment, "spec", "progressDeadlineSeconds") ?? 600) / options.RolloutSpeed);
            var complete = updated == replicas && total == replicas && available == replicas;
            var progressing = complete
                ? Condition("Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.")
                : now - progress.LastProgress > deadline
                    ? Condition("Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.")
                    : Condition("Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.");
            var maxUnavailable = (long)Math.Floor(replicas * 0.25);
            var availableCondition = available >= replicas - maxUnavailable
                ? Condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : Condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
            var status = new JsonObject { ["observedGeneration"] = Json.Int(deployment, "metadata", "generation") ?? 1 };
            Counts(status, ("replicas", total), ("updatedReplicas", updated), ("readyReplicas", ready), ("availableReplicas", available), ("unavailableReplicas", Math.Max(0, replicas - available)));
            status["conditions"] = new JsonArray(availableCondition, progressing);
            WriteStatus(deployments, stored, status);
        }
    }

    private void ReconcileReplicaSets()
    {
        var replicaSets = ReplicaSets;
        foreach (var stored in store.All(replicaSets))
        {
            var rs = stored.ToJson();
            var desired = Json.Int(rs, "spec", "replicas") ?? 1;
            var pods = OwnedPods(stored);
            var template = rs["spec"]?["template"] as JsonObject ?? new JsonObject();
            for (var i = pods.Count; i < desired; i++)
            {
                CreatePod(stored, template, $"{stored.Name}-{Suffix()}", []);
            }

            foreach (var extra in pods.Skip((int)desired))
            {
                store.Delete(Pods, extra.Namespace, extra.Name, null, null, dryRun: false);
            }

            pods = OwnedPods(stored);
            var ready = pods.Count(IsReady);
            var status = new JsonObject { ["observedGeneration"] = Json.Int(rs, "metadata", "generation") ?? 1, ["replicas"] = pods.Count };
            Counts(status, ("fullyLabeledReplicas", pods.Count), ("readyReplicas", ready), ("availableReplicas", ready));
            WriteStatus(replicaSets, stored, status);
        }
    }

    private void ReconcileStatefulSets()
    {
        var statefulSets = store.Catalog.Find("apps", "v1", "statefulsets")!;
        foreach (var stored in store.All(statefulSets))
        {
            var sts = stored.ToJson();
            var desired = Json.Int(sts, "spec", "replicas") ?? 1;
            var template = sts["spec"]?["template"] as JsonObject ?? new JsonObject();
            var revision = $"{stored.Name}-{TemplateHash(template)}";
            var previous = sts["status"] as JsonObject;
            var currentRevision = Json.Str(previous, "currentRevision") ?? revision;
            var pods = OwnedPods(stored);
            var byName = pods.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var allReady = pods.All(IsReady);
            for (var i = 0; i < desired; i++)
            {
                var podName = $"{stored.Name}-{i}";
                if (!byName.ContainsKey(podName))
                {
                    if (allReady)
                    {
                        CreatePod(stored, template, podName, [("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName)]);
                    }

                    allReady = false;
                    break;
                }
            }

            foreach (var pod in pods.Where(p => Ordinal(p.Name, stored.Name) >= desired))
            {
                store.Delete(Pods, pod.Namespace, pod.Name, null, null, dryRun: false);
            }

            if (allReady && pods.Count == desired)
            {
                var stale = pods.Where(p => p.Labels.GetValueOrDefault("controller-revision-hash") != revision).OrderByDescending(p => Ordinal(p.Name, stored.Name)).FirstOrDefault();
                if (stale is not null)
                {
                    store.Delete(Pods, stale.Namespace, stale.Name, null, null, dryRun: false);
                }
            }

            pods = OwnedPods(stored);
            var updated = pods.Count(p => p.Labels.GetValueOrDefault("controller-revision-hash") == revision);
            var ready = pods.Count(IsReady);
            if (updated == desired && ready == desired && pods.Count == desired)
            {
                currentRevision = revision;
            }

            var status = new JsonObject { ["observedGeneration"] = Json.Int(sts, "metadata", "generation") ?? 1, ["replicas"] = pods.Count };
            Counts(status, ("readyReplicas", ready), ("currentReplicas", pods.Count(p => p.Labels.GetValueOrDefault("controller-revision-hash") == currentRevision)), ("updatedReplicas", updated), ("availableReplicas", ready));
            status["currentRevision"] = currentRevision;
            status["updateRevision"] = revision;
            status["collisionCount"] = 0;
            WriteStatus(statefulSets, stored, status);
        }
    }

    private void ReconcileDaemonSets()
    {
        var daemonSets = store.Catalog.Find("apps", "v1", "daemonsets")!;
        var nodes = store.All(store.Catalog.Find(string.Empty, "v1", "nodes")!).Select(n => n.Name).ToList();
        foreach (var stored in store.All(daemonSets))
        {
            var ds = stored.ToJson();
            var template = ds["spec"]?["template"] as JsonObject ?? new JsonObject();
            var hash = TemplateHash(template);
            var pods = OwnedPods(stored);
            foreach (var node in nodes)
            {
                if (!pods.Any(p => Json.Str(p.ToJson(), "spec", "nodeName") == node))
                {
                    CreatePod(stored, template, $"{stored.Name}-{Suffix()}", [("controller-revision-hash", hash)], node);
                }
            }

            pods = OwnedPods(stored);
            if (pods.All(IsReady))
            {
                var stale = pods.FirstOrDefault(p => p.Labels.GetValueOrDefault("controller-revision-hash") != hash);
                if (stale is not null)
                {
                    store.Delete(Pods, stale.Namespace, stale.Name, null, null, dryRun: false);
                }
            }

            pods = OwnedPods(stored);
            var ready = pods.Count(IsReady);
            var status = new JsonObject
            {
                ["observedGeneration"] = Json.Int(ds, "metadata", "generation") ?? 1,
                ["desiredNumberScheduled"] = nodes.Count,
                ["currentNumberScheduled"] = pods.Count,
                ["numberMisscheduled"] = 0,
                ["numberReady"] = ready,
            };
            Counts(status, ("updatedNumberScheduled", pods.Count(p => p.Labels.GetValueOrDefault("controller-revision-hash") == hash)), ("numberAvailable", ready), ("numberUnavailable", nodes.Count - ready));
            WriteStatus(daemonSets, stored, status);
        }
    }

    private void ReconcileJobs()
    {
        var jobs = store.Catalog.Find("batch", "v1", "jobs")!;
        foreach (var stored in store.All(jobs))
        {
            var job = stored.ToJson();
            var previous = job["status"] as JsonObject;
            if ((previous?["conditions"] as JsonArray)?.Any(c => Json.Str(c, "type") is "Complete" or "Failed" && Json.Str(c, "status") == "True") == true)
            {
                continue;
            }

            var completions = Json.Int(job, "spec", "completions") ?? 1;
            var parallelism = Json.Int(job, "spec", "parallelism") ?? 1;
            var backoffLimit = Json.Int(job, "spec", "backoffLimit") ?? 6;
            var template = job["spec"]?["template"] as JsonObject ?? new JsonObject();
            var pods = OwnedPods(stored).Select(p => (Pod: p, Phase: Json.Str(p.ToJson(), "status", "phase"))).ToList();
            var succeeded = pods.Count(p => p.Phase == "Succeeded");
            var failed = pods.Count(p => p.Phase == "Failed");
            var active = pods.Count - succeeded - failed;
            var now = store.Now();
            var status = new JsonObject { ["startTime"] = Json.Str(previous, "startTime") ?? now };
            if (succeeded >= completions)
            {
                status["completionTime"] = now;
                status["conditions"] = new JsonArray(Condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"));
            }
            else if (failed > backoffLimit)
            {
                status["conditions"] = new JsonArray(Condition("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            }
            else
            {
                for (var i = active; i < parallelism && succeeded + i < completions; i++)
                {
                    CreatePod(stored, template, $"{stored.Name}-{Suffix()}", [("batch.kubernetes.io/job-name", stored.Name), ("job-name", stored.Name)]);
                    active++;
                }
            }

            Counts(status, ("active", active), ("succeeded", succeeded), ("failed", failed), ("ready", pods.Count(p => IsReady(p.Pod))));
            WriteStatus(jobs, stored, status);
        }
    }

    private void ReconcilePods(DateTimeOffset now)
    {
        var pods = Pods;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in store.All(pods))
        {
            seen.Add(stored.Uid);
            if (!_podBorn.TryGetValue(stored.Uid, out var born))
            {
                born = now;
                _podBorn[stored.Uid] = born;
            }

            var pod = stored.ToJson();
            var phase = Json.Str(pod, "status", "phase");
            if (phase is "Succeeded" or "Failed")
            {
                continue;
            }

            var elapsed = now - born;
            var isJob = (pod["metadata"]?["ownerReferences"] as JsonArray)?.Any(o => Json.Str(o, "kind") == "Job") == true;
            var fail = IsFailing(pod);
            var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            JsonObject status;
            if (fail && isJob && elapsed >= PodReadyAfter)
            {
                status = PodStatus(stored.Name, "Failed", false, containers, c => new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error" } }, born);
            }
            else if (fail)
            {
                status = PodStatus(stored.Name, "Pending", false, containers, c => new JsonObject
                {
                    ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{Json.Str(c, "image")}\"" },
                }, born);
            }
            else if (isJob && elapsed >= PodReadyAfter * 2)
            {
                status = PodStatus(stored.Name, "Succeeded", false, containers, c => new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed" } }, born);
            }
            else if (elapsed >= PodReadyAfter)
            {
                status = PodStatus(stored.Name, "Running", true, containers, c => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Timestamp(born + PodReadyAfter) } }, born);
            }
            else
            {
                status = PodStatus(stored.Name, "Pending", false, containers, c => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } }, born);
            }

            if (!JsonNode.DeepEquals(pod["status"], status))
            {
                store.Mutate(pods, stored.Namespace, stored.Name, "kubelet", "status", p =>
                {
                    p["status"] = status;
                    return true;
                });
            }
        }

        foreach (var gone in _podBorn.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _podBorn.Remove(gone);
        }
    }

    private static JsonObject PodStatus(string podName, string phase, bool ready, List<JsonObject> containers, Func<JsonObject, JsonObject> state, DateTimeOffset born)
    {
        var statuses = new JsonArray();
        foreach (var container in containers)
        {
            statuses.Add(new JsonObject
            {
                ["name"] = Json.Str(container, "name"),
                ["image"] = Json.Str(container, "image"),
                ["imageID"] = string.Empty,
                ["ready"] = ready,
                ["started"] = ready,
                ["restartCount"] = 0,
                ["state"] = state(container),
            });
        }

        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = Timestamp(born) },
                new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = Timestamp(born) }),
            ["hostIP"] = "10.0.0.1",
            ["startTime"] = Timestamp(born),
            ["containerStatuses"] = statuses,
        };
        if (phase == "Running")
        {
            var hash = TemplateHash(new JsonObject { ["pod"] = podName });
            var n = (int)(uint.Parse(hash.Select(c => (char)('0' + SafeAlphabet.IndexOf(c, StringComparison.Ordinal))).ToArray(), CultureInfo.InvariantCulture) % 65000);
            status["podIP"] = $"10.244.{n / 250}.{(n % 250) + 2}";
        }

        return status;
    }

    private void CreatePod(StoredObject owner, JsonObject template, string name, (string Key, string Value)[] extraLabels, string? node = null)
    {
        var spec = (JsonObject?)template["spec"]?.DeepClone() ?? new JsonObject();
        spec["nodeName"] = node ?? $"sim-node-{(_nextNode++ % 3) + 1}";
        spec["restartPolicy"] ??= "Always";
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["labels"] = Labels(template, extraLabels),
            ["ownerReferences"] = OwnerReference(owner),
        };
        if (template["metadata"]?["annotations"] is JsonObject annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        var pod = new JsonObject { ["metadata"] = metadata, ["spec"] = spec, ["status"] = new JsonObject { ["phase"] = "Pending" } };
        try
        {
            var created = store.Create(Pods, owner.Namespace, pod, Manager, dryRun: false, keepStatus: true);
            RecordEvent(owner, "Normal", "SuccessfulCreate", $"Created pod: {name}", $"{owner.Type.Singular}-controller");
            RecordEvent(created, "Normal", "Scheduled", $"Successfully assigned {owner.Namespace}/{name} to {spec["nodeName"]}", "default-scheduler");
            if (IsFailing(pod))
            {
                var image = (spec["containers"] as JsonArray ?? []).Select(c => Json.Str(c, "image")).FirstOrDefault(i => i is not null && i.EndsWith(":fail", StringComparison.Ordinal)) ?? "the image";
                RecordEvent(created, "Warning", "Failed", $"Failed to pull image \"{image}\": simulated failure (dm.simulator fail rule)", "kubelet");
            }
        }
        catch (StoreException e)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Pod {Pod} not created: {Reason}", name, e.Message);
            }
        }
    }

    private void RecordEvent(StoredObject about, string type, string reason, string message, string component)
    {
        var events = store.Catalog.Find(string.Empty, "v1", "events")!;
        var now = store.Now();
        var e = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{about.Name}.{Suffix()}{Suffix()}" },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = about.Type.GroupVersion,
                ["kind"] = about.Type.Kind,
                ["namespace"] = about.Namespace,
                ["name"] = about.Name,
                ["uid"] = about.Uid,
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = component },
            ["reportingComponent"] = component,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            store.Create(events, about.Namespace, e, Manager, dryRun: false);
        }
        catch (StoreException)
        {
            // The namespace went away while the controller worked; the event has nowhere to live.
        }
    }

    private void WriteStatus(ApiResourceType type, StoredObject stored, JsonObject status)
    {
        store.Mutate(type, stored.Namespace, stored.Name, Manager, "status", obj =>
        {
            var previous = obj["status"] as JsonObject;
            if (status["conditions"] is JsonArray conditions)
            {
                foreach (var condition in conditions.OfType<JsonObject>())
                {
                    var old = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c, "type") == Json.Str(condition, "type"));
                    var now = store.Now();
                    var sameStatus = old is not null && Json.Str(old, "status") == Json.Str(condition, "status");
                    var sameReason = sameStatus && Json.Str(old, "reason") == Json.Str(condition, "reason");
                    condition["lastUpdateTime"] = sameReason ? old!["lastUpdateTime"]?.DeepClone() : now;
                    condition["lastTransitionTime"] = sameStatus ? old!["lastTransitionTime"]?.DeepClone() : now;
                    if (type.Kind is "Job")
                    {
                        condition["lastProbeTime"] = condition["lastUpdateTime"]?.DeepClone();
                        condition.Remove("lastUpdateTime");
                    }
                }
            }

            if (JsonNode.DeepEquals(previous, status))
            {
                return false;
            }

            obj["status"] = status;
            return true;
        });
    }

    private List<StoredObject> OwnedPods(StoredObject owner)
        => [.. store.All(Pods, owner.Namespace).Where(p => p.OwnerUids.Contains(owner.Uid))];

    private static bool IsReady(StoredObject pod)
    {
        var json = pod.ToJson();
        return Json.Str(json, "status", "phase") == "Running"
            && (json["status"]?["conditions"] as JsonArray)?.Any(c => Json.Str(c, "type") == "Ready" && Json.Str(c, "status") == "True") == true;
    }

    internal static bool IsFailing(JsonObject podOrTemplate)
    {
        if (Json.Str(podOrTemplate, "metadata", "annotations", FailAnnotation) == "true")
        {
            return true;
        }

        return (podOrTemplate["spec"]?["containers"] as JsonArray ?? []).Any(c => Json.Str(c, "image") is { } image && image.EndsWith(":fail", StringComparison.Ordinal));
    }

    private static long Ordinal(string podName, string setName)
        => long.TryParse(podName.AsSpan(setName.Length + 1), CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

    private static JsonObject Labels(JsonObject template, params (string Key, string Value)[] extra)
    {
        var labels = (JsonObject?)template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject();
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    private static JsonArray OwnerReference(StoredObject owner) => new(new JsonObject
    {
        ["apiVersion"] = owner.Type.GroupVersion,
        ["kind"] = owner.Type.Kind,
        ["name"] = owner.Name,
        ["uid"] = owner.Uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    });

    private static JsonObject Condition(string type, string status, string reason, string message)
        => new() { ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message };

    private static void Counts(JsonObject status, params (string Name, long Value)[] counts)
    {
        foreach (var (name, value) in counts)
        {
            if (value != 0)
            {
                status[name] = value;
            }
        }
    }

    private static bool SetValue(JsonObject target, string key, long value)
    {
        if (Json.Int(target, key) == value)
        {
            return false;
        }

        target[key] = value;
        return true;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Like the controllers' pod-template-hash: FNV-1a of the template, spelled in the safe alphabet.</summary>
    internal static string TemplateHash(JsonObject template)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(template.ToJsonString()))
        {
            hash = (hash ^ b) * 16777619u;
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return new string([.. digits.Select(d => SafeAlphabet[d - '0'])]);
    }

    private string Suffix() => new([.. Enumerable.Range(0, 5).Select(_ => SafeAlphabet[_random.Next(SafeAlphabet.Length)])]);
}
