using System.Text.Json;
using Dm.Aggregator.State;
using Dm.Status;

namespace Dm.Aggregator.Events;

/// <summary>Pure: two states in, the small deltas between them out (type and data of each event).</summary>
public static class StateDiff
{
    public static IReadOnlyList<(string Type, object Data)> Compute(StateResponse? before, StateResponse after)
    {
        var deltas = new List<(string, object)>();
        if (before is null)
        {
            return deltas;
        }

        if (!before.Environments.Select(e => e.Name).SequenceEqual(after.Environments.Select(e => e.Name)))
        {
            deltas.Add((EventTypes.Reset, new { reason = "the environments changed", revision = after.Revision }));
            return deltas;
        }

        if (before.Revision != after.Revision)
        {
            deltas.Add((EventTypes.Head, new { revision = after.Revision }));
        }

        if (!Same(before.Deployer, after.Deployer) || !Same(before.Deployers, after.Deployers) || !Same(before.Transitioner, after.Transitioner))
        {
            deltas.Add((EventTypes.Availability, new { deployer = after.Deployer, deployers = after.Deployers, transitioner = after.Transitioner }));
        }

        for (var i = 0; i < after.Environments.Count; i++)
        {
            if (!Same(before.Environments[i], after.Environments[i]))
            {
                deltas.Add((EventTypes.Environment, new { environment = after.Environments[i] }));
            }
        }

        var oldResources = before.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var newNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in after.Resources)
        {
            newNames.Add(resource.Name);
            var old = oldResources.GetValueOrDefault(resource.Name);
            foreach (var (env, cell) in resource.Environments)
            {
                if (old?.Environments.GetValueOrDefault(env) is not { } oldCell || !SameCell(oldCell, cell))
                {
                    deltas.Add((EventTypes.Resource, new { resource = resource.Name, environment = env, cell }));
                }
            }

            foreach (var env in old?.Environments.Keys.Where(k => !resource.Environments.ContainsKey(k)) ?? [])
            {
                deltas.Add((EventTypes.Resource, new { resource = resource.Name, environment = env, cell = (ResourceCell?)null }));
            }
        }

        foreach (var gone in before.Resources.Where(r => !newNames.Contains(r.Name)))
        {
            foreach (var env in gone.Environments.Keys)
            {
                deltas.Add((EventTypes.Resource, new { resource = gone.Name, environment = env, cell = (ResourceCell?)null }));
            }
        }

        var oldTransitions = before.Transitions.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var transition in after.Transitions)
        {
            if (!oldTransitions.TryGetValue(transition.Name, out var old) || !Same(old, transition))
            {
                deltas.Add((EventTypes.Transition, new { transition }));
            }
        }

        return deltas;
    }

    private static bool SameCell(ResourceCell a, ResourceCell b) =>
        a.Version == b.Version && a.Broken == b.Broken && a.DeployedVersion == b.DeployedVersion && a.State == b.State
        && a.Reason == b.Reason && a.Message == b.Message && (a.Lock is null ? b.Lock is null : b.Lock is not null && Same(a.Lock, b.Lock))
        && a.RolloutStartedAt == b.RolloutStartedAt && a.ExpectedRolloutSeconds == b.ExpectedRolloutSeconds;

    private static bool Same<T>(T a, T b) =>
        ReferenceEquals(a, b) || JsonSerializer.SerializeToUtf8Bytes(a, DmJson.Options).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, DmJson.Options));
}
