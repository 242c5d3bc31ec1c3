using System.Text.Json.Nodes;

namespace Dm.Deployer.Health;

/// <summary>StatefulSet health with the rules of <c>kubectl rollout status</c>.</summary>
public static class StatefulSetHealth
{
    public static HealthStatus Assess(JsonObject statefulSet)
    {
        var name = JsonStatus.Name(statefulSet);
        if ((string?)statefulSet["spec"]?["updateStrategy"]?["type"] == "OnDelete")
        {
            return HealthStatus.Healthy($"statefulset \"{name}\" uses the OnDelete update strategy");
        }

        var (generation, observed) = JsonStatus.Generations(statefulSet);
        if (observed == 0 || observed < generation)
        {
            return HealthStatus.Progressing($"Waiting for statefulset \"{name}\" spec update to be observed...");
        }

        var status = statefulSet["status"];
        var wanted = JsonStatus.Number(statefulSet["spec"]?["replicas"], 1);
        var ready = JsonStatus.Number(status?["readyReplicas"]);
        if (ready < wanted)
        {
            return HealthStatus.Progressing($"Waiting for {wanted - ready} pods to be ready...");
        }

        // As kubectl: with a rollingUpdate block (the API server defaults one, partition 0) the rollout is done once the
        // pods above the partition are updated; currentRevision can lag behind updateRevision after that.
        if (statefulSet["spec"]?["updateStrategy"]?["rollingUpdate"] is JsonObject rollingUpdate)
        {
            var partition = JsonStatus.Number(rollingUpdate["partition"]);
            var updated = JsonStatus.Number(status?["updatedReplicas"]);
            return updated < wanted - partition
                ? HealthStatus.Progressing($"Waiting for partitioned roll out to finish: {updated} out of {wanted - partition} new pods have been updated...")
                : HealthStatus.Healthy($"partitioned roll out complete: {updated} new pods have been updated...");
        }

        var updateRevision = (string?)status?["updateRevision"];
        var currentRevision = (string?)status?["currentRevision"];
        return updateRevision != currentRevision
            ? HealthStatus.Progressing($"waiting for statefulset rolling update to complete {JsonStatus.Number(status?["updatedReplicas"])} pods at revision {updateRevision}...")
            : HealthStatus.Healthy($"statefulset rolling update complete {wanted} pods at revision {currentRevision}...");
    }
}
