using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>StatefulSets create ordinal pods one at a time once the ones before are ready, replace stale pods from the highest ordinal down, and report current and update revisions.</summary>
internal sealed class StatefulSetController(ClusterStore store, PodControl podControl, StatusWriter statusWriter) : IKindController
{
    public void Reconcile(DateTimeOffset now)
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
            var pods = podControl.Owned(stored);
            var byName = pods.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var allReady = pods.All(IsReady);
            for (var i = 0; i < desired; i++)
            {
                var podName = $"{stored.Name}-{i}";
                if (!byName.ContainsKey(podName))
                {
                    if (allReady)
                    {
                        podControl.Create(stored, template, podName, [("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName)]);
                    }

                    allReady = false;
                    break;
                }
            }

            foreach (var pod in pods.Where(p => Ordinal(p.Name, stored.Name) >= desired))
            {
                podControl.Delete(pod);
            }

            if (allReady && pods.Count == desired)
            {
                var stale = pods.Where(p => p.Labels.GetValueOrDefault("controller-revision-hash") != revision).OrderByDescending(p => Ordinal(p.Name, stored.Name)).FirstOrDefault();
                if (stale is not null)
                {
                    podControl.Delete(stale);
                }
            }

            pods = podControl.Owned(stored);
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
            statusWriter.Write(statefulSets, stored, status);
        }
    }
}
