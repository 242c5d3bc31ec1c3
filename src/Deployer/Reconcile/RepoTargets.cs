using Dm.Common.ResourceRepo;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// Which environments a revision deploys and which of its <c>deployers.yaml</c> entries are invalid. An invalid entry is
/// reported for its environment only; a <c>deployers.yaml</c> that cannot be read at all keeps the last good targets. Pure.
/// </summary>
public sealed record RepoTargets(IReadOnlyList<DeployerTarget> Targets, IReadOnlyDictionary<string, string> InvalidTargets, string? FileProblem)
{
    public static RepoTargets From(ResourceRepoModel model, IReadOnlyList<DeployerTarget>? lastGood)
    {
        var deployerErrors = model.Errors.Where(e => e.File == "deployers.yaml").ToList();
        var fileErrors = deployerErrors.Where(e => EnvironmentOf(e) is null).ToList();
        if (fileErrors.Count > 0 && lastGood is not null)
        {
            return new RepoTargets(lastGood, new Dictionary<string, string>(), string.Join("; ", fileErrors.Select(e => e.Message)));
        }

        var invalid = deployerErrors
            .Select(e => (Environment: EnvironmentOf(e), e.Message))
            .Where(e => e.Environment is not null)
            .GroupBy(e => e.Environment!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Message)), StringComparer.Ordinal);
        var targets = new List<DeployerTarget>();
        foreach (var target in model.Deployers)
        {
            if (invalid.ContainsKey(target.Environment))
            {
                continue;
            }

            if (model.FindEnvironment(target.Environment) is null)
            {
                invalid[target.Environment] = $"deployers.yaml: environment {target.Environment} has no folder in the repo";
                continue;
            }

            targets.Add(target);
        }

        return new RepoTargets(targets, invalid, fileErrors.Count > 0 ? string.Join("; ", fileErrors.Select(e => e.Message)) : null);
    }

    private static string? EnvironmentOf(RepoError error)
    {
        if (error.KeyPath is not { } path || !path.StartsWith("deployers.", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path["deployers.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }
}
