using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;
using static Dm.ClusterSimulator.Controllers.WorkloadJson;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>Jobs run pods up to their parallelism until the completions succeed (Complete) or more than backoffLimit fail (Failed).</summary>
internal sealed class JobController(ClusterStore store, PodControl podControl, NameSuffix names, StatusWriter statusWriter) : IKindController
{
    public void Reconcile(DateTimeOffset now)
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
            var pods = podControl.Owned(stored).Select(p => (Pod: p, Phase: Json.Str(p.ToJson(), "status", "phase"))).ToList();
            var succeeded = pods.Count(p => p.Phase == "Succeeded");
            var failed = pods.Count(p => p.Phase == "Failed");
            var active = pods.Count - succeeded - failed;
            var stamp = store.Now();
            var status = new JsonObject { ["startTime"] = Json.Str(previous, "startTime") ?? stamp };
            if (succeeded >= completions)
            {
                status["completionTime"] = stamp;
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
                    podControl.Create(stored, template, $"{stored.Name}-{names.Next()}", [("batch.kubernetes.io/job-name", stored.Name), ("job-name", stored.Name)]);
                    active++;
                }
            }

            Counts(status, ("active", active), ("succeeded", succeeded), ("failed", failed), ("ready", pods.Count(p => IsReady(p.Pod))));
            statusWriter.Write(jobs, stored, status);
        }
    }
}
