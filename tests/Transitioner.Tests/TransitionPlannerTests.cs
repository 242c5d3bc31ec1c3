using System.Text;
using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Policy;

namespace Dm.Transitioner.Tests;

/// <summary><see cref="TransitionPlanner.Plan"/> with plain data: a snapshot in memory, no git, no HTTP.</summary>
public sealed class TransitionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    private const string Transitions = """
        transitions:
          to-dev:
            source: latest
            target: dev

        """;

    private static RepoSnapshot Snapshot(params (string Path, string Content)[] files) =>
        new("0000000000000000000000000000000000000001", files.ToDictionary(
            f => f.Path,
            f => new RepoFile(f.Path, "blob-" + f.Content.GetHashCode(StringComparison.Ordinal), Encoding.UTF8.GetBytes(f.Content)),
            StringComparer.Ordinal));

    private static TransitionInputs Inputs(RepoSnapshot snapshot, string name = "to-dev")
    {
        var model = new ResourceRepoReader().Read(snapshot);
        return new TransitionInputs(name, model.Transitions.FirstOrDefault(t => t.Name == name), snapshot, model, SourceHealth.NotRequired, Now);
    }

    [Fact]
    public void A_promotion_plans_one_commit_with_the_version_files_the_state_and_the_changelogs_of_the_inputs()
    {
        var snapshot = Snapshot(
            ("transitions.yaml", Transitions),
            ("latest/version/s1.yaml", "version: \"2\"\n"),
            ("dev/version/s1.yaml", "version: \"1\"\n"));
        var inputs = Inputs(snapshot) with
        {
            Changelogs = new Dictionary<string, IReadOnlyList<ChangelogEntry>> { ["s1"] = [new ChangelogEntry("2", "Faster start-up")] },
        };

        var plan = TransitionPlanner.Plan(inputs);

        var promote = Assert.IsType<TransitionDecision.Promote>(plan.Decision);
        Assert.Equal([("s1", "1", "2")], promote.Moves.Select(m => (m.Resource, m.From, m.To)));
        var commit = Assert.IsType<CommitPlan>(plan.Commit);
        Assert.Equal(TransitionPlanner.Author, commit.Author);
        Assert.Equal(["dev/version/s1.yaml", TransitionStateFile.Path], commit.Changes.Select(c => c.Path));
        Assert.Equal("version: \"2\"\n", Encoding.UTF8.GetString(((FileChange.Put)commit.Changes[0]).Content.Span));
        Assert.StartsWith("Promote latest → dev: s1 1 → 2\n", commit.Message, StringComparison.Ordinal);
        Assert.Contains("  2: Faster start-up\n", commit.Message, StringComparison.Ordinal);
        Assert.Contains("DM-Transition: to-dev\n", commit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_inputs_give_the_same_plan()
    {
        var inputs = Inputs(Snapshot(("transitions.yaml", Transitions), ("latest/version/s1.yaml", "version: \"2\"\n")));

        var first = TransitionPlanner.Plan(inputs);
        var second = TransitionPlanner.Plan(inputs);

        Assert.Equal(first.Commit!.Message, second.Commit!.Message);
        Assert.Equal(first.Commit.Changes.Select(c => c.Path), second.Commit.Changes.Select(c => c.Path));
    }

    [Fact]
    public void A_locked_target_plans_no_commit()
    {
        var plan = TransitionPlanner.Plan(Inputs(Snapshot(
            ("transitions.yaml", Transitions),
            ("latest/version/s1.yaml", "version: \"2\"\n"),
            ("dev/locks.yaml", "env_lock:\n  reasons: [\"incident\"]\n"))));

        var blocked = Assert.IsType<TransitionDecision.Blocked>(plan.Decision);
        Assert.Equal(Reasons.TargetLocked, blocked.Reason);
        Assert.Null(plan.Commit);
    }

    [Fact]
    public void A_transition_that_left_transitions_yaml_plans_no_change()
    {
        var plan = TransitionPlanner.Plan(Inputs(Snapshot(("transitions.yaml", Transitions)), name: "to-prod"));

        var noChange = Assert.IsType<TransitionDecision.NoChange>(plan.Decision);
        Assert.Equal("transition to-prod is no longer in transitions.yaml", noChange.Message);
        Assert.Null(plan.Commit);
    }

    [Fact]
    public void An_unusable_schedule_plans_an_invalid_transition()
    {
        // The reader leaves such a transition out; a definition made elsewhere is planned as Invalid all the same.
        var inputs = Inputs(Snapshot(("transitions.yaml", Transitions), ("latest/version/s1.yaml", "version: \"2\"\n")));
        var plan = TransitionPlanner.Plan(inputs with { Definition = inputs.Definition! with { Schedule = "not cron" } });

        var invalid = Assert.IsType<TransitionDecision.Invalid>(plan.Decision);
        Assert.Equal(Reasons.InvalidTransition, invalid.Reason);
        Assert.Contains("transitions.to-dev.schedule", invalid.Message, StringComparison.Ordinal);
        Assert.Null(plan.Commit);
    }
}
