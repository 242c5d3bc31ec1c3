using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>DaemonSets run one pod per node and replace a stale pod once all are ready.</summary>
internal sealed class DaemonSetController(ClusterStore store, PodControl podControl, NameSuffix names, StatusWriter statusWriter) : IKindController
{
    public void Reconcile(DateTimeOffset now)
    {
        var daemonSets = store.Catalog.Find("apps", "v1", "daemonsets")!;
        var nodes = store.All(store.Catalog.Find(string.Empty, "v1", "nodes")!).Select(n => n.Name).ToList();
        foreach (var stored in store.All(daemonSets))
        {
            var ds = stored.ToJson();
            var template = ds["spec"]?["template"] as JsonObject ?? new JsonObject();
            var hash = TemplateHash(template);
            var pods = podControl.Owned(stored);
            foreach (var node in nodes)
            {
                if (!pods.Any(p => Json.Str(p.ToJson(), "spec", "nodeName") == node))
                {
                    podControl.Create(stored, template, $"{stored.Name}-{names.Next()}", [("controller-revision-hash", hash)], node);
                }
            }

            pods = podControl.Owned(stored);
            if (pods.All(IsReady))
            {
                var stale = pods.FirstOrDefault(p => p.Labels.GetValueOrDefault("controller-revision-hash") != hash);
                if (stale is not null)
                {
                    podControl.Delete(stale);
                }
            }

            pods = podControl.Owned(stored);
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
            statusWriter.Write(daemonSets, stored, status);
        }
    }
}
