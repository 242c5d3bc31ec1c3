using System.Text.Json.Nodes;

namespace Dm.Deployer.Health;

/// <summary>DaemonSet health with the rules of <c>kubectl rollout status</c>.</summary>
public static class DaemonSetHealth
{
    public static HealthStatus Assess(JsonObject daemonSet)
    {
        var name = JsonStatus.Name(daemonSet);
        if ((string?)daemonSet["spec"]?["updateStrategy"]?["type"] == "OnDelete")
        {
            return HealthStatus.Healthy($"daemon set \"{name}\" uses the OnDelete update strategy");
        }

        var (generation, observed) = JsonStatus.Generations(daemonSet);
        if (observed < generation)
        {
            return HealthStatus.Progressing($"Waiting for daemon set spec update to be observed...");
        }

        var status = daemonSet["status"];
        var desired = JsonStatus.Number(status?["desiredNumberScheduled"]);
        var updated = JsonStatus.Number(status?["updatedNumberScheduled"]);
        var available = JsonStatus.Number(status?["numberAvailable"]);
        if (updated < desired)
        {
            return HealthStatus.Progressing($"Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated...");
        }

        return available < desired
            ? HealthStatus.Progressing($"Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available...")
            : HealthStatus.Healthy($"daemon set \"{name}\" successfully rolled out");
    }
}
