using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Policy;

namespace Dm.Transitioner.Execution;

/// <summary>
/// Decides the <c>SourceClean</c> precondition from the deployer's report. Pure: the source environment must be
/// <c>Clean</c> at a revision whose files under <c>&lt;source&gt;/</c> (except <c>locks.yaml</c>) equal the head's,
/// so a commit elsewhere in the repo does not block. An environment without a <c>deployers.yaml</c> entry is never
/// deployed and counts as clean.
/// </summary>
public static class SourceCheck
{
    /// <summary>
    /// <paramref name="deployedContent"/> is the source environment's files (path → blob id) at the deployer's reported
    /// revision, or null when that revision could not be read here.
    /// </summary>
    public static SourceHealth Assess(
        TransitionDefinition transition,
        ResourceRepoModel model,
        RepoSnapshot snapshot,
        DeployerObservation observation,
        IReadOnlyDictionary<string, string>? deployedContent)
    {
        var source = transition.Source;
        if (!transition.Preconditions.Contains(TransitionPrecondition.SourceClean))
        {
            return SourceHealth.NotRequired;
        }

        if (model.FindDeployer(source) is null)
        {
            return new SourceHealth(SourceHealthKind.Clean, $"{source} has no entry in deployers.yaml, so it is never deployed and counts as clean");
        }

        if (observation.Report is not { } report)
        {
            return new SourceHealth(SourceHealthKind.Unknown, $"the deployer's status of {source} is unknown: {observation.Error}");
        }

        if (!report.Environments.TryGetValue(source, out var status))
        {
            // With several deployers, one that could not be read may be the one deploying the source.
            return new SourceHealth(SourceHealthKind.Unknown, $"the deployer does not report {source}{(observation.Error is null ? string.Empty : $" ({observation.Error})")}");
        }

        var detail = status.Message is null ? string.Empty : $": {(status.Reason is null ? string.Empty : status.Reason + ": ")}{status.Message}";
        switch (status.State)
        {
            case EnvironmentState.Failed:
                return new SourceHealth(SourceHealthKind.Failed, $"the deployer reports {source} Failed at {Short(status.Revision)}{detail}");
            case EnvironmentState.Progressing:
                return new SourceHealth(SourceHealthKind.Progressing, $"the deployer reports {source} Progressing at {Short(status.Revision)}{detail}");
            case EnvironmentState.Outdated:
                return new SourceHealth(SourceHealthKind.Outdated, $"the deployer reports {source} Outdated at {Short(status.Revision)}{detail}");
            case EnvironmentState.Unknown:
                return new SourceHealth(SourceHealthKind.Unknown, $"the deployer reports {source} Unknown{detail}");
        }

        if (status.Revision is null || deployedContent is null)
        {
            return new SourceHealth(SourceHealthKind.Outdated, $"the deployer reports {source} Clean at {Short(status.Revision)}, a revision not known here yet");
        }

        var head = Content(snapshot.Files.Select(f => (f.Key, f.Value.BlobId)), source);
        var differing = head.Keys.Union(deployedContent.Keys, StringComparer.Ordinal)
            .Where(p => !head.TryGetValue(p, out var a) || !deployedContent.TryGetValue(p, out var b) || a != b)
            .Order(StringComparer.Ordinal)
            .ToList();
        return differing.Count == 0
            ? new SourceHealth(SourceHealthKind.Clean, $"the deployer reports {source} Clean at {Short(status.Revision)}")
            : new SourceHealth(SourceHealthKind.Outdated,
                $"the deployer reports {source} Clean at {Short(status.Revision)}, but {differing[0]}{(differing.Count > 1 ? $" and {differing.Count - 1} more file(s)" : string.Empty)} changed since");
    }

    /// <summary>The files of <paramref name="environment"/> that decide what is deployed (all but <c>locks.yaml</c>).</summary>
    public static Dictionary<string, string> Content(IEnumerable<(string Path, string BlobId)> files, string environment)
    {
        var prefix = environment + "/";
        var locks = prefix + "locks.yaml";
        return files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && f.Path != locks)
            .ToDictionary(f => f.Path, f => f.BlobId, StringComparer.Ordinal);
    }

    private static string Short(string? revision) => revision is null ? "(no revision)" : revision[..Math.Min(12, revision.Length)];
}
