using Dm.ResourceRepo;

namespace Dm.Aggregator.Repo;

/// <summary>Pure lookups on a repo model shared by the planners and the state.</summary>
public static class RepoQueries
{
    /// <summary>Repo path of the resource's version file in an environment, or null.</summary>
    public static string? VersionFilePath(RepoEnvironment? environment, string resource)
    {
        var prefix = environment?.Name + "/version/";
        return environment?.Find(resource)?.SourceFiles
            .Select(f => f.Path)
            .FirstOrDefault(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The environment CI writes to when a request names none: the first transition source that is no transition's target.</summary>
    public static string? DefaultVersionEnvironment(ResourceRepoModel model)
    {
        var targets = model.Transitions.Select(t => t.Target).ToHashSet(StringComparer.Ordinal);
        return model.Transitions.Select(t => t.Source).FirstOrDefault(s => !targets.Contains(s))
            ?? model.Transitions.Select(t => t.Source).FirstOrDefault()
            ?? (model.Environments.Count == 1 ? model.Environments[0].Name : null);
    }

    /// <summary>Environments in the order of the transition chain (sources before targets, by priority), then the others by name.</summary>
    public static IReadOnlyList<string> EnvironmentOrder(ResourceRepoModel model)
    {
        var names = model.Environments.Select(e => e.Name)
            .Concat(model.Transitions.SelectMany(t => new[] { t.Source, t.Target }))
            .Concat(model.Deployers.Select(d => d.Environment))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var incoming = names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        foreach (var transition in model.Transitions.Where(t => t.Source != t.Target))
        {
            incoming[transition.Target]++;
        }

        var order = new List<string>();
        var ready = new List<string>(model.Transitions.Select(t => t.Source).Distinct().Where(n => incoming[n] == 0));
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ready.Count > 0)
        {
            var next = ready[0];
            ready.RemoveAt(0);
            if (!placed.Add(next))
            {
                continue;
            }

            order.Add(next);
            foreach (var transition in model.Transitions.Where(t => t.Source == next && t.Target != next))
            {
                if (--incoming[transition.Target] == 0)
                {
                    ready.Add(transition.Target);
                }
            }
        }

        // Cycles and environments outside the chain: in chain order of first appearance, then by name.
        foreach (var name in model.Transitions.SelectMany(t => new[] { t.Source, t.Target }).Concat(names.Order(StringComparer.Ordinal)))
        {
            if (placed.Add(name))
            {
                order.Add(name);
            }
        }

        return order;
    }

    /// <summary>The reasons of a lock that still hold at <paramref name="now"/> (expired reasons stop counting).</summary>
    public static IReadOnlyList<LockReason> Effective(IReadOnlyList<LockReason> reasons, DateTimeOffset now) =>
        reasons.Where(r => r.Expires is null || r.Expires > now).ToList();

    /// <summary>Whether the environment or the resource in it is locked at <paramref name="now"/>, with the reasons.</summary>
    public static IReadOnlyList<LockReason> LocksOn(RepoEnvironment environment, string resource, DateTimeOffset now)
    {
        var reasons = new List<LockReason>(Effective(environment.Locks.EnvironmentLock, now));
        if (environment.Locks.ResourceLocks.TryGetValue(resource, out var resourceReasons))
        {
            reasons.AddRange(Effective(resourceReasons, now));
        }

        return reasons;
    }
}
