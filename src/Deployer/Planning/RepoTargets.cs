using Dm.ResourceRepo;

namespace Dm.Deployer.Planning;

/// <summary>
/// Which environments a revision deploys and which of its <c>deployers.yaml</c> entries are invalid. An invalid entry is
/// reported for its environment only; a <c>deployers.yaml</c> that cannot be read at all keeps the last good targets, with pruning off. Pure.
/// </summary>
public sealed record RepoTargets(IReadOnlyList<DeployerTarget> Targets, IReadOnlyDictionary<string, string> InvalidTargets, string? FileProblem)
{
    public static RepoTargets From(ResourceRepoModel model, IReadOnlyList<DeployerTarget>? lastGood)
    {
        var deployerErrors = model.Errors.Where(e => e.File == "deployers.yaml").ToList();
        var fileErrors = deployerErrors.Where(e => EnvironmentOf(e) is null).ToList();
        var invalid = deployerErrors
            .Select(e => (Environment: EnvironmentOf(e), e.Message))
            .Where(e => e.Environment is not null)
            .GroupBy(e => e.Environment!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Message)), StringComparer.Ordinal);

        // A deployers.yaml that cannot be read keeps the last good targets, but not an environment this revision broke
        // or whose folder it removed: that one is reported, never deployed as empty (which would prune it all).
        // Kept targets never prune: whether an entry still says prune: true cannot be read, and DM fails closed on prunes.
        var fileProblem = fileErrors.Count > 0 ? string.Join("; ", fileErrors.Select(e => e.Message)) : null;
        var targets = new List<DeployerTarget>();
        var readable = fileProblem is not null && lastGood is not null ? lastGood : model.Deployers;
        var candidates = fileProblem is null ? readable : readable.Select(t => t with { Prune = false });
        foreach (var target in candidates)
        {
            if (invalid.ContainsKey(target.Environment))
            {
                continue;
            }

            if (model.FindEnvironment(target.Environment) is null)
            {
                invalid[target.Environment] = NoFolder(target);
                continue;
            }

            targets.Add(target);
        }

        return new RepoTargets(targets, invalid, fileProblem);
    }

    private static string NoFolder(DeployerTarget target) => $"deployers.yaml: environment {target.Environment} has no folder in the repo";

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
