using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Transitioner.Policy;

/// <summary>
/// Plans one transition on one head. Pure: <see cref="TransitionInputs"/> in, the decision of
/// <see cref="TransitionPolicy.Decide(CompiledTransition, EnvironmentVersions, EnvironmentVersions, SourceHealth, TransitionState?, DateTimeOffset, IReadOnlyList{RepoError}?)"/>
/// and, for a promotion, the <see cref="CommitPlan"/> out: the moved version files, this transition's state in
/// <c>transition_state.yaml</c> (next fire time, last run, approval cleared) and the message with the changelogs of
/// the inputs. A rejected push gathers the inputs again on the new head and calls this again.
/// </summary>
public static class TransitionPlanner
{
    public static GitIdentity Author { get; } = new("DM Transitioner", "transitioner@dm.local");

    public static TransitionPlan Plan(TransitionInputs inputs)
    {
        if (inputs.Definition is not { } definition)
        {
            return new TransitionPlan(new TransitionDecision.NoChange($"transition {inputs.Name} is no longer in transitions.yaml"), null);
        }

        if (CompiledTransition.Compile(definition, out var error) is not { } compiled)
        {
            return new TransitionPlan(new TransitionDecision.Invalid(error!), null);
        }

        var decision = TransitionPolicy.Decide(
            compiled,
            inputs.Versions.Of(definition.Source),
            inputs.Versions.Of(definition.Target),
            inputs.Health,
            inputs.Model.FindTransitionState(definition.Name),
            inputs.Now,
            inputs.Model.ProblemsIn(TransitionStateFile.Path));
        if (decision is not TransitionDecision.Promote promote)
        {
            return new TransitionPlan(decision, null);
        }

        var message = PromotionMessage.Format(definition, promote.Moves, inputs.Changelogs, promote.Notes);
        return new TransitionPlan(decision, new CommitPlan(Changes(definition, promote, inputs), message, Author));
    }

    /// <summary>Whether the changelogs of <paramref name="promote"/>'s moves go into its message (a very large promotion lists versions only).</summary>
    public static bool ListsChangelogs(TransitionDecision.Promote promote) => promote.Moves.Count <= PromotionMessage.MaxChangelogResources;

    private static List<FileChange> Changes(TransitionDefinition definition, TransitionDecision.Promote promote, TransitionInputs inputs)
    {
        var changes = new List<FileChange>();
        foreach (var move in promote.Moves)
        {
            foreach (var path in move.RelativePaths)
            {
                var file = inputs.Snapshot.Files[EnvironmentVersions.VersionPrefix(definition.Source) + path];
                changes.Add(new FileChange.Put(EnvironmentVersions.VersionPrefix(definition.Target) + path, file.Content));
            }
        }

        var states = inputs.Model.TransitionStates.Where(s => s.Name != definition.Name).ToList();
        states.Add(new TransitionState(definition.Name, promote.Scheduled, inputs.Now, null));
        changes.Add(new FileChange.Put(TransitionStateFile.Path, TransitionStateFile.Write(states)));
        return changes;
    }
}
