using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>ReplicaSets keep their number of pods from the template and report how many are ready.</summary>
internal sealed class ReplicaSetController(ClusterStore store, PodControl podControl, NameSuffix names, StatusWriter statusWriter) : IKindController
{
    public void Reconcile(DateTimeOffset now)
    {
        var replicaSets = store.Catalog.Find("apps", "v1", "replicasets")!;
        foreach (var stored in store.All(replicaSets))
        {
            var rs = stored.ToJson();
            var desired = Json.Int(rs, "spec", "replicas") ?? 1;
            var pods = podControl.Owned(stored);
            var template = rs["spec"]?["template"] as JsonObject ?? new JsonObject();
            for (var i = pods.Count; i < desired; i++)
            {
                podControl.Create(stored, template, $"{stored.Name}-{names.Next()}", []);
            }

            foreach (var extra in pods.Skip((int)desired))
            {
                podControl.Delete(extra);
            }

            pods = podControl.Owned(stored);
            var ready = pods.Count(IsReady);
            var status = new JsonObject { ["observedGeneration"] = Json.Int(rs, "metadata", "generation") ?? 1, ["replicas"] = pods.Count };
            Counts(status, ("fullyLabeledReplicas", pods.Count), ("readyReplicas", ready), ("availableReplicas", ready));
            statusWriter.Write(replicaSets, stored, status);
        }
    }
}
