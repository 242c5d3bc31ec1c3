using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Health;

/// <summary>Deployment health with the rules of <c>kubectl rollout status</c> (observed generation, progress deadline, updated and available replicas).</summary>
public static class DeploymentHealth
{
    public static HealthStatus Assess(JsonObject deployment)
    {
        var name = JsonStatus.Name(deployment);
        var (generation, observed) = JsonStatus.Generations(deployment);
        if (observed < generation)
        {
            return HealthStatus.Progressing($"Waiting for deployment \"{name}\" spec update to be observed...");
        }

        var progressing = JsonStatus.Condition(deployment, "Progressing");
        if ((string?)progressing?["reason"] == "ProgressDeadlineExceeded")
        {
            var detail = (string?)progressing?["message"];
            return HealthStatus.Degraded(Reasons.ProgressDeadlineExceeded,
                $"deployment \"{name}\" exceeded its progress deadline" + (string.IsNullOrEmpty(detail) ? string.Empty : $": {detail}"));
        }

        var status = deployment["status"];
        var wanted = JsonStatus.Number(deployment["spec"]?["replicas"], 1);
        var updated = JsonStatus.Number(status?["updatedReplicas"]);
        var replicas = JsonStatus.Number(status?["replicas"]);
        var available = JsonStatus.Number(status?["availableReplicas"]);
        if (updated < wanted)
        {
            return HealthStatus.Progressing($"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {wanted} new replicas have been updated...");
        }

        if (replicas > updated)
        {
            return HealthStatus.Progressing($"Waiting for deployment \"{name}\" rollout to finish: {replicas - updated} old replicas are pending termination...");
        }

        if (available < updated)
        {
            return HealthStatus.Progressing($"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...");
        }

        return HealthStatus.Healthy($"deployment \"{name}\" successfully rolled out");
    }
}
