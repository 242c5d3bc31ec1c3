using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Health;

/// <summary>PersistentVolumeClaim health: <c>Bound</c> → healthy, <c>Lost</c> → degraded, otherwise waiting.</summary>
public static class PersistentVolumeClaimHealth
{
    public static HealthStatus Assess(JsonObject claim)
    {
        var name = JsonStatus.Name(claim);
        var phase = (string?)claim["status"]?["phase"];
        return phase switch
        {
            "Bound" => HealthStatus.Healthy($"persistent volume claim \"{name}\" is bound"),
            "Lost" => HealthStatus.Degraded(Reasons.ClaimLost, $"persistent volume claim \"{name}\" lost its volume"),
            _ => HealthStatus.Progressing($"Waiting for persistent volume claim \"{name}\" to be bound (phase {phase ?? "unknown"})"),
        };
    }
}
