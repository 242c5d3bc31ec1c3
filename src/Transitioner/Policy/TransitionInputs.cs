using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Transitioner.Policy;

/// <summary>
/// Everything one transition is planned from, gathered on one head: the transition as that head defines it (null when
/// it left <c>transitions.yaml</c>), the head's snapshot and model, the source's health as the deployer reports it, the
/// time, and the changelogs of the moves (read once a plan promotes; empty until then).
/// </summary>
public sealed record TransitionInputs(
    string Name,
    TransitionDefinition? Definition,
    RepoSnapshot Snapshot,
    ResourceRepoModel Model,
    SourceHealth Health,
    DateTimeOffset Now)
{
    /// <summary>
    /// The version files of the environments of <see cref="Snapshot"/> and <see cref="Model"/>; built here when not given,
    /// given by the runner to share them between the transitions and rounds on one head.
    /// </summary>
    public RepoVersions Versions { get; init; } = new(Snapshot, Model);

    /// <summary>Changelog entries per moved resource, newest first; a resource without an entry is listed without changelog.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ChangelogEntry>> Changelogs { get; init; } =
        new Dictionary<string, IReadOnlyList<ChangelogEntry>>(StringComparer.Ordinal);
}
