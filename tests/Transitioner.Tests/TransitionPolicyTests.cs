using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Policy;

namespace Dm.Transitioner.Tests;

/// <summary>The pure core with plain data: no git, no HTTP.</summary>
public sealed class TransitionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    private static TransitionDefinition Transition(
        string? schedule = null,
        IReadOnlyList<TransitionWindow>? windows = null,
        IReadOnlyList<TransitionPrecondition>? preconditions = null,
        string? versionFilter = null,
        string? timezone = null) =>
        new("t", 0, "src", "dst", preconditions ?? [], schedule, timezone, windows ?? [], [], [], versionFilter);

    private static EnvironmentVersions Env(string name, EnvironmentLocks? locks, params (string Path, string Version)[] files) =>
        new(name, locks ?? EnvironmentLocks.None, [.. files.Select(f => new VersionEntry(f.Path, EnvironmentVersions.ResourceName(f.Path), f.Version, "blob-" + f.Version))]);

    private static EnvironmentLocks EnvLock(DateTimeOffset? expires) => new([new LockReason("freeze", "bob", null, expires)], new Dictionary<string, IReadOnlyList<LockReason>>());

    private static TransitionDecision Decide(TransitionDefinition transition, EnvironmentVersions source, EnvironmentVersions target, SourceHealth? health = null, TransitionState? state = null, DateTimeOffset? now = null) =>
        TransitionPolicy.Decide(transition, source, target, health ?? SourceHealth.NotRequired, state, now ?? Now);

    [Fact]
    public void Moves_list_changed_and_new_files_by_resource_with_old_and_new_version()
    {
        var decision = Decide(Transition(), Env("src", null, ("a.yaml", "2"), ("x/b.yaml", "5"), ("c.yaml", "1")), Env("dst", null, ("a.yaml", "1"), ("c.yaml", "1")));

        var promote = Assert.IsType<TransitionDecision.Promote>(decision);
        Assert.Equal([("a", "1", "2"), ("b", null, "5")], promote.Moves.Select(m => (m.Resource, m.From, m.To)));
        Assert.Equal(["x/b.yaml"], promote.Moves[1].RelativePaths);
        Assert.Null(promote.Scheduled);
    }

    [Fact]
    public void Identical_environments_are_no_change()
    {
        Assert.IsType<TransitionDecision.NoChange>(Decide(Transition(), Env("src", null, ("a.yaml", "1")), Env("dst", null, ("a.yaml", "1"))));
    }

    [Fact]
    public void An_active_env_lock_blocks_and_an_expired_one_does_not()
    {
        var source = Env("src", null, ("a.yaml", "2"));

        var blocked = Assert.IsType<TransitionDecision.Blocked>(Decide(Transition(), source, Env("dst", EnvLock(Now.AddMinutes(1)))));
        Assert.Equal(Reasons.TargetLocked, blocked.Reason);
        Assert.Equal("target dst is locked: freeze (by bob)", blocked.Message);
        Assert.Single(blocked.Pending);

        Assert.IsType<TransitionDecision.Promote>(Decide(Transition(), source, Env("dst", EnvLock(Now))));
    }

    [Theory]
    [InlineData(SourceHealthKind.Progressing, Reasons.SourceProgressing)]
    [InlineData(SourceHealthKind.Failed, Reasons.SourceFailed)]
    [InlineData(SourceHealthKind.Outdated, Reasons.SourceOutdated)]
    [InlineData(SourceHealthKind.Unknown, Reasons.SourceUnknown)]
    public void An_unhealthy_source_blocks_with_its_reason_and_the_deployers_message(SourceHealthKind kind, string reason)
    {
        var decision = Decide(Transition(preconditions: [TransitionPrecondition.SourceClean]), Env("src", null, ("a.yaml", "2")), Env("dst", null), new SourceHealth(kind, "deployer says so"));

        var blocked = Assert.IsType<TransitionDecision.Blocked>(decision);
        Assert.Equal(reason, blocked.Reason);
        Assert.Equal("deployer says so", blocked.Message);
    }

    [Fact]
    public void A_schedule_waits_for_the_recorded_fire_time_and_records_the_next_one_when_promoting()
    {
        var transition = Transition(schedule: "0 0 6 * * ?", timezone: "Europe/Berlin");
        var source = Env("src", null, ("a.yaml", "2"));
        var fire = new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero); // 06:00 in Berlin (UTC+1)

        var skipped = Assert.IsType<TransitionDecision.Skipped>(Decide(transition, source, Env("dst", null), state: new TransitionState("t", fire, null), now: fire.AddSeconds(-1)));
        Assert.Equal(Reasons.Scheduled, skipped.Reason);
        Assert.Equal(fire, skipped.NextScheduled);

        var promote = Assert.IsType<TransitionDecision.Promote>(Decide(transition, source, Env("dst", null), state: new TransitionState("t", fire, null), now: fire));
        Assert.Equal(fire.AddDays(1), promote.Scheduled);
    }

    [Fact]
    public void Windows_allow_only_inside_allow_windows_and_never_inside_deny_windows()
    {
        var allow = new TransitionWindow(TransitionWindowKind.Allow, "0 0 9 * * ?", TimeSpan.FromHours(8), null);
        var deny = new TransitionWindow(TransitionWindowKind.Deny, "0 0 12 * * ?", TimeSpan.FromHours(1), null);
        var transition = Transition(windows: [allow, deny]);
        var source = Env("src", null, ("a.yaml", "2"));
        var day = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(Reasons.OutsideWindow, Assert.IsType<TransitionDecision.Blocked>(Decide(transition, source, Env("dst", null), now: day.AddHours(8))).Reason);
        Assert.IsType<TransitionDecision.Promote>(Decide(transition, source, Env("dst", null), now: day.AddHours(9)));
        var denied = Assert.IsType<TransitionDecision.Blocked>(Decide(transition, source, Env("dst", null), now: day.AddHours(12.5)));
        Assert.Equal(Reasons.InDenyWindow, denied.Reason);
        Assert.Equal(day.AddHours(13), denied.WakeAt);
        Assert.IsType<TransitionDecision.Promote>(Decide(transition, source, Env("dst", null), now: day.AddHours(13)));
        Assert.Equal(Reasons.OutsideWindow, Assert.IsType<TransitionDecision.Blocked>(Decide(transition, source, Env("dst", null), now: day.AddHours(17))).Reason);
    }

    [Fact]
    public void Manual_promotes_only_the_exact_approved_moves()
    {
        var transition = Transition(preconditions: [TransitionPrecondition.Manual]);
        var source = Env("src", null, ("a.yaml", "2"), ("b.yaml", "3"));
        TransitionState Approved(params (string, string)[] versions) =>
            new("t", null, null, new TransitionApproval("carol", Now, null, versions.ToDictionary(v => v.Item1, v => v.Item2)));

        Assert.Equal(Reasons.AwaitingApproval, Assert.IsType<TransitionDecision.Blocked>(Decide(transition, source, Env("dst", null))).Reason);
        Assert.IsType<TransitionDecision.Blocked>(Decide(transition, source, Env("dst", null), state: Approved(("a", "2"))));
        Assert.IsType<TransitionDecision.Promote>(Decide(transition, source, Env("dst", null), state: Approved(("a", "2"), ("b", "3"))));
    }

    [Theory]
    [InlineData("0 0 25 * * ?", null, null, "transitions.t.schedule")]
    [InlineData("0 0 6 * * ?", "Mars/Olympus", null, "time zone \"Mars/Olympus\" is not known")]
    [InlineData(null, null, "([", "transitions.t.versionFilter")]
    public void An_unusable_definition_is_invalid_with_a_precise_message(string? schedule, string? timezone, string? filter, string expected)
    {
        var decision = Decide(Transition(schedule: schedule, timezone: timezone, versionFilter: filter), Env("src", null, ("a.yaml", "2")), Env("dst", null));

        Assert.Contains(expected, Assert.IsType<TransitionDecision.Invalid>(decision).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_abbreviates_many_moves_and_sections_parse_back()
    {
        var moves = Enumerable.Range(1, 8).Select(i => new ResourceMove($"s{i}", "1", "2", [$"s{i}.yaml"])).ToList();
        var changelogs = new Dictionary<string, IReadOnlyList<ChangelogEntry>> { ["s2"] = [new("2", "first\nsecond"), new("1.5", "older")] };

        var message = PromotionMessage.Format(Transition(), moves, changelogs, ["s9 is locked in dst: freeze"]);

        Assert.StartsWith("Promote src → dst: s1 1 → 2, s2 1 → 2, s3 1 → 2 and 5 more\n\n", message, StringComparison.Ordinal);
        Assert.Equal(changelogs["s2"], PromotionMessage.ParseChangelog(message, "s2"));
        Assert.Empty(PromotionMessage.ParseChangelog(message, "s1"));
        Assert.Equal(12, Dm.Git.CommitMessage.ParseTrailers(message).Count);
    }
}
