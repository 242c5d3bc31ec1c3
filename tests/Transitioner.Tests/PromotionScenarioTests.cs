using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Execution;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class PromotionScenarioTests
{
    private const string LatestToDev = """
        transitions:
          to-dev:
            source: latest
            target: dev

        """;

    [Fact]
    public async Task Target_is_created_from_nothing_with_nested_version_folders_in_one_commit()
    {
        await using var s = await CreateAsync(Files(LatestToDev, Resource("latest", "s1", "42"), Resource("latest", "s2", "1.5", "team/web/")));
        var before = s.CommitCount;

        // 1. The first round creates dev/version with both files, nested folder included, in one commit.
        var outcome = await s.RoundAsync("to-dev");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(before + 1, s.CommitCount);
        Assert.Equal(s.Head, outcome.Commit);
        Assert.Equal(Version("42"), s.Show("dev/version/s1.yaml"));
        Assert.Equal(Version("1.5"), s.Show("dev/version/team/web/s2.yaml"));
        Assert.False(s.Exists("dev/base/s1.yaml"));
        Assert.Equal("DM Transitioner <transitioner@dm.local>", s.Git("log", "-1", "--format=%an <%ae>", "main").Trim());
        Assert.StartsWith("Promote latest → dev: s1 (new) → 42, s2 (new) → 1.5\n", s.LastMessage, StringComparison.Ordinal);
        Assert.Contains("DM-Action: transition\nDM-Transition: to-dev\nDM-Source: latest\nDM-Target: dev\nDM-Move: s1 - -> 42\nDM-Move: s2 - -> 1.5\n", s.LastMessage, StringComparison.Ordinal);

        // 2. Nothing left to do: no commit, NoChange.
        outcome = await s.RoundAsync("to-dev");
        Assert.Equal(TransitionResult.NoChange, outcome.Decision.Result);
        Assert.Equal(before + 1, s.CommitCount);
    }

    [Fact]
    public async Task Target_only_files_are_kept_and_nothing_outside_version_is_touched()
    {
        await using var s = await CreateAsync(Files(LatestToDev,
            Resource("latest", "s1", "2"),
            Resource("dev", "s1", "1"),
            Resource("dev", "only-dev", "7"),
            File("dev/base/s1.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s1\ndata:\n  dev: \"yes\"\n  version: $version\n")));
        var devBase = s.Show("dev/base/s1.yaml");

        var outcome = await s.RoundAsync("to-dev");

        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(Version("2"), s.Show("dev/version/s1.yaml"));
        Assert.Equal(Version("7"), s.Show("dev/version/only-dev.yaml"));
        Assert.Equal(devBase, s.Show("dev/base/s1.yaml"));
        Assert.Equal(
            ["dev/version/s1.yaml", "transition_state.yaml"],
            s.Git("diff", "--name-only", "main~1", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("s1: 1 → 2", s.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_three_environment_chain_runs_in_priority_order()
    {
        const string Chain = """
            transitions:
              to-pp:
                source: dev
                target: pp
              to-dev:
                source: latest
                target: dev

            """;
        await using var s = await CreateAsync(Files(Chain, Resource("latest", "s1", "3"), Resource("dev", "s1", "2"), Resource("pp", "s1", "1")));

        // 1. pp gets dev's old version first, then dev gets latest's.
        var round = await s.RoundAsync();
        Assert.Equal(["to-pp", "to-dev"], round.Outcomes.Select(o => o.Name));
        Assert.All(round.Outcomes, o => Assert.Equal(TransitionResult.Promoted, o.Decision.Result));
        Assert.Equal(["Promote latest → dev: s1 2 → 3", "Promote dev → pp: s1 1 → 2"], s.Git("log", "-2", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Version("2"), s.Show("pp/version/s1.yaml"));

        // 2. The next round brings 3 to pp.
        await s.RoundAsync();
        Assert.Equal(Version("3"), s.Show("pp/version/s1.yaml"));
    }

    [Fact]
    public async Task An_env_lock_blocks_the_transition_and_a_resource_lock_skips_the_resource()
    {
        await using var s = await CreateAsync(Files(LatestToDev,
            Resource("latest", "s1", "2"), Resource("latest", "s2", "2"), Resource("dev", "s1", "1"), Resource("dev", "s2", "1"),
            File("dev/locks.yaml", "env_lock:\n  reasons: [\"release freeze\"]\n")));
        var before = s.CommitCount;

        // 1. Env lock: blocked, nothing committed, the pending moves listed.
        var outcome = await s.RoundAsync("to-dev");
        Assert.Equal(TransitionResult.Blocked, outcome.Decision.Result);
        Assert.Equal(Reasons.TargetLocked, outcome.Reason);
        Assert.Contains("release freeze", outcome.Message, StringComparison.Ordinal);
        Assert.Equal([new PendingMove("s1", "1", "2"), new PendingMove("s2", "1", "2")], outcome.ToStatus().Pending);
        Assert.Equal(before, s.CommitCount);

        // 2. Env lock replaced by a lock on s1: s2 moves, s1 stays and is named.
        await s.CommitAsync("Lock s1 only", ("dev/locks.yaml", "resource_locks:\n  s1:\n    reasons: [\"broken migration\"]\n"));
        outcome = await s.RoundAsync("to-dev");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(Reasons.ResourceLocked, outcome.Reason);
        Assert.Contains("s1 is locked in dev: broken migration", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(Version("1"), s.Show("dev/version/s1.yaml"));
        Assert.Equal(Version("2"), s.Show("dev/version/s2.yaml"));

        // 3. Only the locked resource differs: blocked with ResourceLocked, no commit.
        var count = s.CommitCount;
        outcome = await s.RoundAsync("to-dev");
        Assert.Equal(TransitionResult.Blocked, outcome.Decision.Result);
        Assert.Equal(Reasons.ResourceLocked, outcome.Reason);
        Assert.Equal(count, s.CommitCount);
    }

    [Fact]
    public async Task Both_targets_locked_means_no_commit_and_an_expired_lock_no_longer_counts()
    {
        const string Two = """
            transitions:
              to-dev:
                source: latest
                target: dev
              to-qa:
                source: latest
                target: qa

            """;
        var expires = Start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await using var s = await CreateAsync(Files(Two,
            Resource("latest", "s1", "2"),
            File("dev/locks.yaml", "env_lock:\n  reasons: [\"dev down\"]\n"),
            File("qa/locks.yaml", $"env_lock:\n  reasons:\n    - reason: \"qa freeze\"\n      by: bob\n      expires: {expires}\n")));
        var before = s.CommitCount;

        // 1. Both locked: both blocked, no commit.
        var round = await s.RoundAsync();
        Assert.All(round.Outcomes, o => Assert.Equal(Reasons.TargetLocked, o.Reason));
        Assert.Equal(before, s.CommitCount);

        // 2. qa's lock expires: qa is promoted, dev stays blocked.
        s.Clock.Advance(TimeSpan.FromHours(2));
        round = await s.RoundAsync();
        Assert.Equal(Reasons.TargetLocked, round.Outcomes.Single(o => o.Name == "to-dev").Reason);
        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-qa").Decision.Result);
        Assert.Equal(before + 1, s.CommitCount);
        Assert.Equal(Version("2"), s.Show("qa/version/s1.yaml"));
    }

    [Fact]
    public async Task A_concurrent_commit_before_the_push_is_kept_and_the_promotion_lands_on_top()
    {
        const string Clean = """
            transitions:
              to-dev:
                source: latest
                target: dev
                preconditions: [SourceClean]

            """;
        await using var s = await CreateAsync(Files(Clean, Resource("latest", "s1", "2"), Resource("latest", "other", "1")));
        string? concurrent = null;
        s.ReadDeployer = async ct =>
        {
            // The aggregator records a new version of another resource between the decision and the push.
            concurrent ??= await s.CommitAsync("New version other 2", ("latest/version/other.yaml", Version("2")));
            return DeployerObservation.NotConfigured;
        };

        var outcome = await s.RoundAsync("to-dev");

        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(concurrent, s.Git("rev-parse", "main~1").Trim());
        Assert.Equal(Version("2"), s.Show("latest/version/other.yaml"));
        Assert.Equal(Version("2"), s.Show("dev/version/s1.yaml"));
    }

    [Fact]
    public async Task A_newer_source_version_that_lands_before_the_push_is_promoted_with_a_message_naming_it()
    {
        const string Clean = """
            transitions:
              to-dev:
                source: latest
                target: dev
                preconditions: [SourceClean]

            """;
        await using var s = await CreateAsync(Files(Clean, Resource("latest", "s1", "2"), Resource("dev", "s1", "1")));
        string? newer = null;
        s.ReadDeployer = async ct =>
        {
            // CI records s1 3 after the transitioner decided to promote 2.
            newer ??= await s.CommitAsync("New version s1 3", ("latest/version/s1.yaml", Version("3")));
            return DeployerObservation.NotConfigured;
        };

        var outcome = await s.RoundAsync("to-dev");

        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(newer, s.Git("rev-parse", "main~1").Trim());
        Assert.Equal(Version("3"), s.Show("dev/version/s1.yaml"));
        var message = s.Git("log", "-1", "--format=%B", "main");
        Assert.Contains("DM-Move: s1 1 -> 3", message, StringComparison.Ordinal);
        Assert.DoesNotContain("-> 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_that_lands_between_decision_and_push_is_respected()
    {
        const string Clean = """
            transitions:
              to-dev:
                source: latest
                target: dev
                preconditions: [SourceClean]

            """;
        await using var s = await CreateAsync(Files(Clean, Resource("latest", "s1", "2"), Resource("dev", "s1", "1")));
        string? lockCommit = null;
        s.ReadDeployer = async ct =>
        {
            lockCommit ??= await s.CommitAsync("Lock dev", ("dev/locks.yaml", "env_lock:\n  reasons: [\"incident\"]\n"));
            return DeployerObservation.NotConfigured;
        };

        var outcome = await s.RoundAsync("to-dev");

        Assert.Equal(TransitionResult.Blocked, outcome.Decision.Result);
        Assert.Equal(Reasons.TargetLocked, outcome.Reason);
        Assert.Equal(lockCommit, s.Head);
        Assert.Equal(Version("1"), s.Show("dev/version/s1.yaml"));
    }
}
