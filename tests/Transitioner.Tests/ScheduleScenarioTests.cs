using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class ScheduleScenarioTests
{
    private static readonly DateTimeOffset SixToday = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_schedule_promotes_once_per_fire_time_across_restarts_until_it_is_removed()
    {
        const string Daily = """
            transitions:
              to-prod:
                source: pp
                target: prod
                schedule: "0 0 6 * * ?"

            """;
        await using var s = await CreateAsync(Files(Daily, Resource("pp", "s1", "2"), Resource("prod", "s1", "1"),
            File("transition_state.yaml", "to-prod:\n  scheduled: 2026-11-23T06:00:00Z\n")));
        var before = s.CommitCount;

        // 1. 05:00: not due; the status names the next fire time and the pending move.
        var outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Skipped, outcome.Decision.Result);
        Assert.Equal(Reasons.Scheduled, outcome.Reason);
        Assert.Equal(SixToday, outcome.Decision.NextScheduled);
        Assert.Equal(SixToday, outcome.Decision.WakeAt);
        Assert.Single(outcome.Decision.Pending);
        Assert.Equal(before, s.CommitCount);

        // 2. 06:00:30: due, promoted; the next fire time is recorded in the same commit.
        s.Clock.Advance(TimeSpan.FromMinutes(60.5));
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(before + 1, s.CommitCount);
        Assert.Equal(["prod/version/s1.yaml", "transition_state.yaml"], s.Git("diff", "--name-only", "main~1", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("scheduled: \"2026-11-24T06:00:00Z\"", s.Show("transition_state.yaml"), StringComparison.Ordinal);

        // 3. A new version at 07:00, and a restart: the fire time is used, nothing moves until tomorrow.
        await s.CommitAsync("New version s1 3", ("pp/version/s1.yaml", Version("3")));
        s.Clock.Advance(TimeSpan.FromHours(1));
        await s.NewRunnerAsync();
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(Reasons.Scheduled, outcome.Reason);
        Assert.Equal(SixToday.AddDays(1), outcome.Decision.NextScheduled);
        Assert.Equal(Version("2"), s.Show("prod/version/s1.yaml"));

        // 4. A restart just after the next fire time promotes exactly once.
        s.Clock.Advance(TimeSpan.FromHours(23));
        await s.NewRunnerAsync();
        Assert.Equal(TransitionResult.Promoted, (await s.RoundAsync("to-prod")).Decision.Result);
        await s.NewRunnerAsync();
        Assert.Equal(Reasons.Scheduled, (await s.RoundAsync("to-prod")).Reason);
        Assert.Equal(Version("3"), s.Show("prod/version/s1.yaml"));

        // 5. Schedule removed: the next version moves at once.
        await s.CommitAsync("Unschedule", ("transitions.yaml", "transitions:\n  to-prod:\n    source: pp\n    target: prod\n"), ("pp/version/s1.yaml", Version("4")));
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Null(outcome.Decision.NextScheduled);
        Assert.Equal(Version("4"), s.Show("prod/version/s1.yaml"));
    }

    [Fact]
    public async Task A_deny_window_at_the_fire_time_delays_the_promotion_until_it_closes()
    {
        const string Denied = """
            transitions:
              to-prod:
                source: pp
                target: prod
                schedule: "0 0 6 * * ?"
                windows:
                  - kind: deny
                    schedule: "0 30 5 * * ?"
                    duration: 1h

            """;
        await using var s = await CreateAsync(Files(Denied, Resource("pp", "s1", "2"), Resource("prod", "s1", "1"),
            File("transition_state.yaml", "to-prod:\n  scheduled: 2026-11-23T06:00:00Z\n")));

        // 1. 06:00: due, but inside the deny window (05:30–06:30).
        s.Clock.Advance(TimeSpan.FromHours(1));
        var outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Blocked, outcome.Decision.Result);
        Assert.Equal(Reasons.InDenyWindow, outcome.Reason);
        Assert.Equal(SixToday.AddMinutes(30), outcome.Decision.WakeAt);

        // 2. 06:30: the window closed; the 06:00 fire time is still unused, so it promotes now and waits for tomorrow's.
        s.Clock.Advance(TimeSpan.FromMinutes(30));
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Contains("scheduled: \"2026-11-24T06:00:00Z\"", s.Show("transition_state.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promotions_wait_for_an_allow_window_to_open()
    {
        const string Allowed = """
            transitions:
              to-prod:
                source: pp
                target: prod
                windows:
                  - kind: allow
                    schedule: "0 0 8 ? * MON-FRI"
                    duration: 2h
                    timezone: Europe/Berlin

            """;
        await using var s = await CreateAsync(Files(Allowed, Resource("pp", "s1", "2"), Resource("prod", "s1", "1")));

        // 1. 05:00 UTC Monday = 06:00 Berlin: outside; the window opens at 08:00 Berlin = 07:00 UTC.
        var outcome = await s.RoundAsync("to-prod");
        Assert.Equal(Reasons.OutsideWindow, outcome.Reason);
        Assert.Contains("2026-11-23T07:00:00Z", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(Start.AddHours(2), outcome.Decision.WakeAt);

        // 2. 07:10 UTC: inside; promoted.
        s.Clock.Advance(TimeSpan.FromMinutes(130));
        Assert.Equal(TransitionResult.Promoted, (await s.RoundAsync("to-prod")).Decision.Result);
    }

    [Fact]
    public async Task An_invalid_schedule_reports_an_error_and_the_other_transitions_still_run()
    {
        const string Broken = """
            transitions:
              broken:
                source: latest
                target: qa
                schedule: "0 0 25 * * ?"
              to-dev:
                source: latest
                target: dev

            """;
        await using var s = await CreateAsync(Files(Broken, Resource("latest", "s1", "2")));

        var round = await s.RoundAsync();

        var broken = round.Outcomes.Single(o => o.Name == "broken");
        Assert.Equal(TransitionResult.Error, broken.Decision.Result);
        Assert.Contains("transitions.broken.schedule", broken.Message, StringComparison.Ordinal);
        Assert.Contains("0 0 25 * * ?", broken.Message, StringComparison.Ordinal);
        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-dev").Decision.Result);
        Assert.False(s.Exists("qa/version/s1.yaml"));
    }
}
