using System.Collections.Immutable;
using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>
/// Pure and immutable: the last few completed rollout durations of each resource (from any environment), to predict
/// how long the next rollout takes (<see cref="Expected"/>: their median). A duration is recorded once per
/// (environment, resource, rollout start), when the deployer reports that rollout finished (the resource is Healthy
/// again and <see cref="ResourceDeployStatus.LastRolloutSeconds"/> belongs to the rollout that began at
/// <see cref="ResourceDeployStatus.RolloutStartedAt"/>).
/// </summary>
public sealed record RolloutDurations
{
    /// <summary>How many durations per resource are kept.</summary>
    public const int Kept = 5;

    public static RolloutDurations Empty { get; } = new(
        ImmutableDictionary.Create<string, ImmutableList<double>>(StringComparer.Ordinal),
        ImmutableDictionary<(string Environment, string Resource), DateTimeOffset>.Empty);

    private RolloutDurations(
        ImmutableDictionary<string, ImmutableList<double>> durations,
        ImmutableDictionary<(string Environment, string Resource), DateTimeOffset> recorded)
    {
        Durations = durations;
        Recorded = recorded;
    }

    /// <summary>Per resource, the kept durations in seconds, oldest first.</summary>
    public ImmutableDictionary<string, ImmutableList<double>> Durations { get; }

    /// <summary>Per environment and resource, the start of the last rollout whose duration was recorded.</summary>
    public ImmutableDictionary<(string Environment, string Resource), DateTimeOffset> Recorded { get; }

    /// <summary>These durations with the rollouts <paramref name="report"/> shows finished that were not recorded yet.</summary>
    public RolloutDurations Record(DeployerStatusReport? report)
    {
        if (report is null)
        {
            return this;
        }

        var durations = Durations;
        var recorded = Recorded;
        foreach (var (environment, status) in report.Environments.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var (resource, deployed) in status.Resources.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (deployed is not { State: ResourceState.Healthy, RolloutStartedAt: { } started, LastRolloutSeconds: { } seconds }
                    || seconds < 0
                    || double.IsNaN(seconds)
                    || (recorded.TryGetValue((environment, resource), out var last) && last == started))
                {
                    continue;
                }

                var kept = durations.GetValueOrDefault(resource, []).Add(seconds);
                durations = durations.SetItem(resource, kept.Count > Kept ? kept.RemoveRange(0, kept.Count - Kept) : kept);
                recorded = recorded.SetItem((environment, resource), started);
            }
        }

        return ReferenceEquals(durations, Durations) ? this : new RolloutDurations(durations, recorded);
    }

    /// <summary>The median of the kept durations of <paramref name="resource"/> in seconds, or null when none were observed.</summary>
    public double? Expected(string resource)
    {
        if (!Durations.TryGetValue(resource, out var kept) || kept.Count == 0)
        {
            return null;
        }

        var sorted = kept.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
