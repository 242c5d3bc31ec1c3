using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Health;

/// <summary>Health of any object: its kind's rule in <see cref="KindTable"/> where DM has one, healthy once applied otherwise. Pure.</summary>
public static class ObjectHealth
{
    public static HealthStatus Assess(ResourceKey key, JsonObject live) =>
        KindTable.HealthRule(key) is { } rule ? rule(live) : HealthStatus.Healthy("applied");

    /// <summary>Whether the kind has health rules (its status is followed after apply).</summary>
    public static bool HasRules(ResourceKey key) => KindTable.HealthRule(key) is not null;
}
