using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using Microsoft.Extensions.Logging;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>Creates, lists and deletes the pods a workload owns; new pods go to the nodes in turn (the scheduler's part).</summary>
internal sealed class PodControl(ClusterStore store, EventRecorder events, ILogger logger)
{
    private int _nextNode;

    public ApiResourceType Pods => store.Catalog.Find(string.Empty, "v1", "pods")!;

    public List<StoredObject> Owned(StoredObject owner)
        => [.. store.All(Pods, owner.Namespace).Where(p => p.OwnerUids.Contains(owner.Uid))];

    public void Delete(StoredObject pod) => store.Delete(Pods, pod.Namespace, pod.Name, null, null, dryRun: false);

    /// <summary>Creates a pod of <paramref name="owner"/> from its template with the Events a real cluster records; a pod that cannot be created (its namespace went away) is skipped.</summary>
    public void Create(StoredObject owner, JsonObject template, string name, (string Key, string Value)[] extraLabels, string? node = null)
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
            var created = store.Create(Pods, owner.Namespace, pod, StatusWriter.Manager, dryRun: false, keepStatus: true);
            events.Record(owner, "Normal", "SuccessfulCreate", $"Created pod: {name}", $"{owner.Type.Singular}-controller");
            events.Record(created, "Normal", "Scheduled", $"Successfully assigned {owner.Namespace}/{name} to {spec["nodeName"]}", "default-scheduler");
            if (IsFailing(pod))
            {
                var image = (spec["containers"] as JsonArray ?? []).Select(c => Json.Str(c, "image")).FirstOrDefault(i => i is not null && i.EndsWith(":fail", StringComparison.Ordinal)) ?? "the image";
                events.Record(created, "Warning", "Failed", $"Failed to pull image \"{image}\": simulated failure (dm.simulator fail rule)", "kubelet");
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
}
