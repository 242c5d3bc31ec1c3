using Dm.Deployer.Planning;

namespace Dm.Deployer.Hosting;

/// <summary>
/// Keeps the environments a deployer is configured to deploy (<see cref="DeployerOptions.Environments"/>; empty: all).
/// A configured environment <c>deployers.yaml</c> does not list is reported as an invalid target, so a spoke deployer
/// pointed at a misspelt or removed environment says so instead of deploying nothing in silence. Pure.
/// </summary>
public static class DeployedEnvironments
{
    public static RepoTargets Select(RepoTargets targets, IEnumerable<string> environments)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var wanted = environments.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return targets;
        }

        var invalid = targets.InvalidTargets.Where(t => wanted.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var deployed = targets.Targets.Where(t => wanted.Contains(t.Environment)).ToList();
        if (targets.FileProblem is null)
        {
            foreach (var missing in wanted.Where(e => !invalid.ContainsKey(e) && deployed.All(t => t.Environment != e)))
            {
                invalid[missing] = $"{DeployerOptions.Section}:Environments names {missing}, but deployers.yaml has no entry for it";
            }
        }

        return new RepoTargets(deployed, invalid, targets.FileProblem);
    }
}
