using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Health;

/// <summary>Job health: <c>Failed</c> condition → degraded, <c>Complete</c> → healthy, otherwise running.</summary>
public static class JobHealth
{
    public static HealthStatus Assess(JsonObject job)
    {
        var name = JsonStatus.Name(job);
        var failed = JsonStatus.Condition(job, "Failed");
        if (JsonStatus.IsTrue(failed))
        {
            return HealthStatus.Degraded(Reasons.JobFailed,
                $"job \"{name}\" failed: {(string?)failed?["reason"] ?? "Failed"}: {(string?)failed?["message"] ?? "no message"}");
        }

        if (JsonStatus.IsTrue(JsonStatus.Condition(job, "Complete")))
        {
            return HealthStatus.Healthy($"job \"{name}\" completed");
        }

        var active = JsonStatus.Number(job["status"]?["active"]);
        var succeeded = JsonStatus.Number(job["status"]?["succeeded"]);
        return new HealthStatus(HealthState.Progressing, Reasons.RolloutInProgress,
            $"job \"{name}\" is running: {active} active, {succeeded} succeeded");
    }
}
