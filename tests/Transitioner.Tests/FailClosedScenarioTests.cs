using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Policy;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

/// <summary>
/// DM fails closed on promotions: a file it cannot read that holds a safety control (a lock, a transition, a schedule or
/// an approval) never lets a promotion through, against a real repo; fixing the file lets it move again.
/// </summary>
public sealed class FailClosedScenarioTests
{
    private const string Chain = """
        transitions:
          to-pp:
            source: dev
            target: pp
          to-prod:
            source: pp
            target: prod

        """;

    [Theory]
    [InlineData("env_lock: [unclosed\n", "prod/locks.yaml:2:1: While parsing")]
    [InlineData("env_lock:\n  reasons: freeze\n", "env_lock.reasons must be a list")]
    [InlineData("env_lock:\n  reasons:\n    - {reason: [a]}\n", "env_lock.reasons[0].reason must be a string")]
    [InlineData("env_lock:\n  reasons:\n    - reason: freeze\n      expires: later\n", "env_lock.reasons[0].expires is not a timestamp")]
    [InlineData("resource_locks:\n  s1: [x]\n", "resource_locks.s1 must be a map")]
    [InlineData("env_lok: {reasons: [freeze]}\n", "unknown key \"env_lok\"")]
    public async Task An_unreadable_target_locks_file_blocks_the_promotion_until_it_is_fixed(string locks, string message)
    {
        await using var s = await CreateAsync(Files(Chain,
            Resource("dev", "s1", "2"), Resource("pp", "s1", "1"), Resource("prod", "s1", "1"),
            File("prod/locks.yaml", locks)));

        // 1. pp is promoted into; prod is blocked with the reader's message and gets no commit.
        var round = await s.RoundAsync();
        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-pp").Decision.Result);
        var blocked = Assert.IsType<TransitionDecision.Blocked>(round.Outcomes.Single(o => o.Name == "to-prod").Decision);
        Assert.Equal(Reasons.LocksUnreadable, blocked.Reason);
        Assert.Contains("prod/locks.yaml cannot be read, so prod counts as locked", blocked.Message, StringComparison.Ordinal);
        Assert.Contains(message, blocked.Message, StringComparison.Ordinal);
        Assert.Equal(["s1"], blocked.Pending.Select(m => m.Resource));
        Assert.Equal(Version("1"), s.Show("prod/version/s1.yaml"));
        Assert.Equal(locks, s.Show("prod/locks.yaml"));

        // 2. The file is fixed (empty): the version moves.
        await s.CommitAsync("fix locks", ("prod/locks.yaml", "{}\n"));
        var outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(Version("2"), s.Show("prod/version/s1.yaml"));
    }

    [Fact]
    public async Task A_locks_file_over_the_size_limit_blocks()
    {
        await using var s = await CreateAsync(Files(Chain,
            Resource("pp", "s1", "2"), Resource("prod", "s1", "1"),
            File("prod/locks.yaml", "# " + new string('x', 2 * 1024 * 1024) + "\n{}\n")));

        var blocked = Assert.IsType<TransitionDecision.Blocked>((await s.RoundAsync("to-prod")).Decision);

        Assert.Equal(Reasons.LocksUnreadable, blocked.Reason);
        Assert.Contains("the limit is", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(Version("1"), s.Show("prod/version/s1.yaml"));
    }

    [Fact]
    public async Task A_broken_lock_in_another_environment_does_not_block()
    {
        await using var s = await CreateAsync(Files(Chain,
            Resource("dev", "s1", "2"), Resource("pp", "s1", "1"), Resource("prod", "s1", "1"),
            File("dev/locks.yaml", "env_lock: [unclosed\n")));

        var outcome = await s.RoundAsync("to-pp");

        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(Version("2"), s.Show("pp/version/s1.yaml"));
    }

    [Theory]
    [InlineData("to-prod:\n  scheduled: [not, a, time]\n", "to-prod.scheduled must be a string")]
    [InlineData("to-prod:\n  last_run: yesterday\n", "to-prod.last_run is not a timestamp")]
    [InlineData("to-prod: [unclosed\n", "While parsing")]
    [InlineData("to-prod:\n  approval:\n    by: ann\n    at: 2026-11-23T04:00:00Z\n    versions: {s1: [2]}\n", "approval.versions.s1 must be a version string")]
    public async Task An_unreadable_transition_state_file_promotes_nothing_and_is_not_overwritten(string state, string message)
    {
        const string Scheduled = """
            transitions:
              to-prod:
                source: pp
                target: prod
                schedule: "0 0 6 * * ?"
                preconditions: [Manual]
              to-qa:
                source: pp
                target: qa

            """;
        await using var s = await CreateAsync(Files(Scheduled,
            Resource("pp", "s1", "2"), Resource("prod", "s1", "1"), Resource("qa", "s1", "1"),
            File(TransitionStateFile.Path, state)));
        var before = s.CommitCount;

        // 1. Neither the scheduled, approved transition nor the plain one promotes: any promotion would rewrite the file.
        var round = await s.RoundAsync();
        Assert.All(round.Outcomes, o =>
        {
            var blocked = Assert.IsType<TransitionDecision.Blocked>(o.Decision);
            Assert.Equal(Reasons.TransitionStateUnreadable, blocked.Reason);
            Assert.Contains(message, blocked.Message, StringComparison.Ordinal);
        });
        Assert.Equal(before, s.CommitCount);
        Assert.Equal(state, s.Show(TransitionStateFile.Path));

        // 2. Fixed: the unscheduled one moves; the manual one waits for an approval as usual.
        await s.CommitAsync("fix state", (TransitionStateFile.Path, "{}\n"));
        round = await s.RoundAsync();
        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-qa").Decision.Result);
        Assert.Equal(Reasons.AwaitingApproval, Assert.IsType<TransitionDecision.Blocked>(round.Outcomes.Single(o => o.Name == "to-prod").Decision).Reason);
    }

    [Theory]
    [InlineData("    preconditions: [SourceClaen]\n", "preconditions[0] must be SourceClean or Manual")]
    [InlineData("    schedule: \"0 6 * *\"\n", "has 4 fields")]
    [InlineData("    windows:\n      - {kind: allow, schedule: \"0 0 9 ? * MON-FRI\", duration: forever}\n", "is not a positive duration")]
    [InlineData("    versionFilter: \"[\"\n", "is not a valid regular expression")]
    [InlineData("    resources: {include: [s1], exlcude: [s2]}\n", "unknown key \"exlcude\"")]
    public async Task An_unreadable_transition_entry_does_not_promote_and_says_why(string entry, string message)
    {
        var transitions = "transitions:\n  to-prod:\n    source: pp\n    target: prod\n" + entry + "  to-qa:\n    source: pp\n    target: qa\n";
        await using var s = await CreateAsync(Files(transitions, Resource("pp", "s1", "2"), Resource("prod", "s1", "1"), Resource("qa", "s1", "1")));

        var round = await s.RoundAsync();

        var invalid = Assert.IsType<TransitionDecision.Invalid>(round.Outcomes.Single(o => o.Name == "to-prod").Decision);
        Assert.Equal(Reasons.InvalidTransition, invalid.Reason);
        Assert.Contains(message, invalid.Message, StringComparison.Ordinal);
        Assert.Equal(Version("1"), s.Show("prod/version/s1.yaml"));
        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-qa").Decision.Result);
    }

    [Fact]
    public async Task An_unreadable_transitions_file_promotes_nothing()
    {
        await using var s = await CreateAsync(Files("transitions:\n  to-prod: {source: pp, target: prod\n", Resource("pp", "s1", "2"), Resource("prod", "s1", "1")));
        var before = s.CommitCount;

        var round = await s.RoundAsync();

        Assert.Empty(round.Outcomes);
        Assert.Equal(before, s.CommitCount);
    }
}
