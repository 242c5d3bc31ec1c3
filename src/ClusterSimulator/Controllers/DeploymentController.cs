using System.Globalization;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>Deployments own a ReplicaSet per pod template (named by its hash): the new one is scaled to the desired replicas, old ones to 0 once it is available; status, Available and Progressing (with the progress deadline) follow the ReplicaSets.</summary>
internal sealed class DeploymentController(ClusterStore store, SimulatorOptions options, EventRecorder events, StatusWriter statusWriter) : IKindController
{
    private readonly Dictionary<string, (string Hash, DateTimeOffset LastProgress, string Counts)> _progress = new(StringComparer.Ordinal);

    public void Reconcile(DateTimeOffset now)
    {
        var deployments = store.Catalog.Find("apps", "v1", "deployments")!;
        var replicaSets = store.Catalog.Find("apps", "v1", "replicasets")!;
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
                newRs = store.Create(replicaSets, stored.Namespace, rs, StatusWriter.Manager, dryRun: false);
                events.Record(stored, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} from 0 to {replicas}", "deployment-controller");
                owned.Add(newRs);
            }
            else if (Json.Int(newRs.ToJson(), "spec", "replicas") != replicas)
            {
                store.Mutate(replicaSets, stored.Namespace, rsName, StatusWriter.Manager, null, rs => SetValue(Json.Obj(rs, "spec"), "replicas", replicas));
                newRs = store.Get(replicaSets, stored.Namespace, rsName);
            }

            var newStatus = newRs.ToJson()["status"];
            var newAvailable = Json.Int(newStatus, "availableReplicas") ?? 0;
            foreach (var old in owned.Where(r => r.Name != rsName))
            {
                if (newAvailable >= replicas)
                {
                    store.Mutate(replicaSets, stored.Namespace, old.Name, StatusWriter.Manager, null, rs => SetValue(Json.Obj(rs, "spec"), "replicas", 0));
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
            statusWriter.Write(deployments, stored, status);
        }
    }
}
