using System.Globalization;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>The kubelet's part: a pod becomes Running and ready after <see cref="SimulatorOptions.PodReadySeconds"/> simulated seconds, a Job's pod then Succeeds, and a failing pod (image tag <c>fail</c> or the fail annotation) waits in ImagePullBackOff, or Fails when it belongs to a Job.</summary>
internal sealed class PodController(ClusterStore store, SimulatorOptions options, PodControl podControl) : IKindController
{
    private readonly Dictionary<string, DateTimeOffset> _podBorn = new(StringComparer.Ordinal);

    private TimeSpan PodReadyAfter => TimeSpan.FromSeconds(options.PodReadySeconds / options.RolloutSpeed);

    public void Reconcile(DateTimeOffset now)
    {
        var pods = podControl.Pods;
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
}
