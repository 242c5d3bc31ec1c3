using System.Reflection;
using System.Text;
using Dm.Aggregator.Api;
using Dm.Aggregator.Auth;
using Dm.Aggregator.History;
using Dm.Aggregator.State;
using Dm.Aggregator.Writes;
using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.Tests;

/// <summary>The write planners are pure: a model of the repo, a domain request and its gathered inputs in, a refusal with a reason or a commit out.</summary>
public sealed class PlannerTests
{
    private static readonly Caller Olga = new("Olga Operator", AggregatorRole.Operator);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly VersionContent Web5 = new("5", "web.yaml", Encoding.UTF8.GetBytes("version: \"5\"\nimage: \"reg/web:5\"\n"), "latest at 0123456789ab");

    [Fact]
    public void A_new_version_goes_to_the_first_source_environment_in_its_existing_file()
    {
        var plan = VersionPlanner.Plan(TestRepo.Model(), new NewVersion("api", "8", new Dictionary<string, string> { ["image"] = "reg/api:8" }, "Fixes", null), []);

        var commit = Assert.IsType<WritePlan.Commit>(plan);
        var put = Assert.IsType<FileChange.Put>(Assert.Single(commit.Changes));
        Assert.Equal("latest/version/apps/api.yaml", put.Path);
        Assert.Equal("version: \"8\"\nimage: \"reg/api:8\"\n", Encoding.UTF8.GetString(put.Content.Span));
        Assert.StartsWith("New version api 8\n\nFixes\n\n", commit.Message, StringComparison.Ordinal);
        Assert.Contains(new CommitTrailer(DmTrailers.Environment, "latest"), CommitMessage.ParseTrailers(commit.Message));
    }

    [Theory]
    [InlineData("dev", Reasons.EnvironmentNotAllowed, "'env' \"dev\" does not accept new versions (it is a transition target); versions may be posted to: latest.")]
    [InlineData("nope", Reasons.EnvironmentNotFound, "'env' \"nope\" is not an environment of the resource repo, and versions may only be posted to: latest.")]
    public void A_new_version_outside_the_ci_environments_is_refused(string env, string reason, string detail) =>
        Assert.Equal(new WritePlan.Refuse(reason, detail), VersionPlanner.Plan(TestRepo.Model(), new NewVersion("web", "2", null, null, env), []));

    [Fact]
    public void Configured_ci_environments_decide_where_versions_may_go() =>
        Assert.Equal(
            new WritePlan.Refuse(Reasons.EnvironmentNotAllowed, "'env' \"latest\" is not one of the environments CI may write to: dev."),
            VersionPlanner.Plan(TestRepo.Model(), new NewVersion("web", "2", null, null, "latest"), ["dev"]));

    [Fact]
    public void A_promotion_copies_the_version_file_and_names_the_move()
    {
        var plan = PromotionPlanner.Promote(TestRepo.Model(), new Promotion("prod", "web", "5", "hotfix", false, Olga), Web5, Now);

        var commit = Assert.IsType<WritePlan.Commit>(plan);
        Assert.Equal("prod/version/web.yaml", Assert.Single(commit.Changes).Path);
        Assert.StartsWith("Promote web 5 to prod\n\nweb: 1 → 5 (from latest at 0123456789ab)\n\nhotfix\n\n", commit.Message, StringComparison.Ordinal);
        Assert.Contains(new CommitTrailer(DmTrailers.By, "Olga Operator"), CommitMessage.ParseTrailers(commit.Message));
    }

    [Fact]
    public void A_promotion_is_refused_without_its_version_file_or_into_a_locked_environment_unless_forced()
    {
        var locked = TestRepo.Model(WithFile("prod/locks.yaml", "env_lock:\n  reasons:\n    - freeze\n"));

        Assert.Equal(
            new WritePlan.Refuse(Reasons.VersionNotFound, "'version' \"5\" of resource \"web\" is in no environment and in no commit of the history."),
            PromotionPlanner.Promote(TestRepo.Model(), new Promotion("prod", "web", "5", null, false, Olga), null, Now));
        Assert.Equal(
            new WritePlan.Refuse(Reasons.TargetLocked, "Environment \"prod\" is locked for web (freeze); send \"force\": true to promote anyway."),
            PromotionPlanner.Promote(locked, new Promotion("prod", "web", "5", null, false, Olga), Web5, Now));
        var forced = Assert.IsType<WritePlan.Commit>(PromotionPlanner.Promote(locked, new Promotion("prod", "web", "5", null, true, Olga), Web5, Now));
        Assert.Contains("\nForced past the lock: freeze\n", forced.Message, StringComparison.Ordinal);
        Assert.Equal(
            new WritePlan.Refuse(Reasons.EnvironmentNotFound, "'env' \"qa\" is not an environment of the resource repo."),
            PromotionPlanner.Promote(TestRepo.Model(), new Promotion("qa", "web", "5", null, false, Olga), Web5, Now));
    }

    [Fact]
    public void A_rollback_writes_the_version_and_locks_the_resource_in_one_commit()
    {
        var web1 = Web5 with { Version = "1" };
        var model = TestRepo.Model(WithFile("prod/version/web.yaml", "version: \"5\"\n"));

        var commit = Assert.IsType<WritePlan.Commit>(PromotionPlanner.Rollback(model, new Rollback("prod", "web", null, "broken", Olga), new RollbackInputs("1", web1), Now));

        Assert.Equal(["prod/version/web.yaml", "prod/locks.yaml"], commit.Changes.Select(c => c.Path));
        Assert.Contains("Rolled back from 5 to 1: broken", Encoding.UTF8.GetString(((FileChange.Put)commit.Changes[1]).Content.Span), StringComparison.Ordinal);
        Assert.StartsWith("Roll back web in prod to 1\n\nweb: 5 → 1, and web is locked in prod.\n\nbroken\n\n", commit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rollback_is_refused_without_a_previous_version_to_the_current_one_or_without_its_file()
    {
        var rollback = new Rollback("prod", "web", null, "broken", Olga);

        Assert.Equal(
            new WritePlan.Refuse(Reasons.NoPreviousVersion, "The history has no version of \"web\" in \"prod\" before 1; name one in 'version'."),
            PromotionPlanner.Rollback(TestRepo.Model(), rollback, RollbackInputs.None, Now));
        Assert.Equal(
            new WritePlan.Refuse(Reasons.AlreadyAtVersion, "'version': \"web\" already runs 1 in \"prod\"."),
            PromotionPlanner.Rollback(TestRepo.Model(), rollback, new RollbackInputs("1", null), Now));
        Assert.Equal(
            new WritePlan.Refuse(Reasons.VersionNotFound, "'version' \"0\" of resource \"web\" is in no environment and in no commit of the history."),
            PromotionPlanner.Rollback(TestRepo.Model(), rollback, new RollbackInputs("0", null), Now));
        Assert.Equal(
            new WritePlan.Refuse(Reasons.ResourceNotFound, "'resource' \"db\" does not exist in environment \"prod\"."),
            PromotionPlanner.Rollback(TestRepo.Model(), rollback with { Resource = "db" }, RollbackInputs.None, Now));
    }

    [Fact]
    public void The_previous_version_is_the_latest_one_the_history_moved_away_from()
    {
        IReadOnlyList<HistoryEvent> events =
        [
            Event("c3", "dev", new HistoryMove("api", "7", "7")),
            Event("c2", "prod", new HistoryMove("web", "3", "4")),
            Event("c1", "prod", new HistoryMove("web", "2", "3")),
        ];

        Assert.Equal("3", PromotionPlanner.PreviousVersion(events, "prod", "web", "4"));
        Assert.Equal("4", PromotionPlanner.PreviousVersion(events, "prod", "web", "5"));
        Assert.Null(PromotionPlanner.PreviousVersion(events, "dev", "api", "7"));
    }

    [Fact]
    public void An_approval_records_the_moves_in_the_transition_state()
    {
        var commit = Assert.IsType<WritePlan.Commit>(ApprovalPlanner.Plan(
            TestRepo.Model(), new Approval("dev-to-prod", new Dictionary<string, string> { ["web"] = "2" }, "go", Olga), Now));

        Assert.Equal(TransitionStateFile.Path, Assert.Single(commit.Changes).Path);
        Assert.StartsWith("Approve transition dev-to-prod (dev → prod)\n\nweb: 2\n\ngo\n\n", commit.Message, StringComparison.Ordinal);
        Assert.Equal(
            new WritePlan.Refuse(Reasons.NothingToApprove, "Transition \"dev-to-prod\" has no pending moves to approve."),
            ApprovalPlanner.Plan(TestRepo.Model(), new Approval("dev-to-prod", new Dictionary<string, string>(), null, Olga), Now));
        Assert.Equal(
            new WritePlan.Refuse(Reasons.TransitionNotFound, "'transition' \"nope\" is not in transitions.yaml."),
            ApprovalPlanner.Plan(TestRepo.Model(), new Approval("nope", new Dictionary<string, string> { ["web"] = "2" }, null, Olga), Now));
    }

    [Fact]
    public void Pending_moves_come_from_the_transitioner_report_or_the_approval_is_refused()
    {
        var report = new TransitionerStatusReport(
            new Dictionary<string, TransitionStatus> { ["dev-to-prod"] = new("dev", "prod", null, [new PendingMove("web", "1", "2")], null) }, "rev", Now);
        var available = new SourceAvailability(true, true, null, Now);

        Assert.Equal(new Dictionary<string, string> { ["web"] = "2" }, ApprovalPlanner.PendingMoves("dev-to-prod", report, available).Versions);
        Assert.Empty(ApprovalPlanner.PendingMoves("latest-to-dev", report, available).Versions!);
        var (versions, refusal) = ApprovalPlanner.PendingMoves("dev-to-prod", null, new SourceAvailability(true, false, "transitioner status unavailable: timeout", Now));
        Assert.Null(versions);
        Assert.Equal(
            new WritePlan.Refuse(Reasons.TransitionerUnavailable,
                "Cannot tell which moves of \"dev-to-prod\" are pending (transitioner status unavailable: timeout); give them in 'versions'."),
            refusal);
    }

    [Fact]
    public void Unlocking_an_unreadable_locks_file_is_refused_unless_forced()
    {
        var model = TestRepo.Model(WithFile("prod/locks.yaml", "env_lock: [\n"));

        Assert.Equal(Reasons.LocksUnreadable, Assert.IsType<WritePlan.Refuse>(LockPlanner.Unlock(model, "prod", null, "olga", null)).Reason);
        Assert.Equal("prod/locks.yaml", Assert.Single(Assert.IsType<WritePlan.Commit>(LockPlanner.Unlock(model, "prod", null, "olga", null, force: true)).Changes).Path);
        Assert.Equal(
            new WritePlan.Refuse(Reasons.EnvironmentNotFound, "Environment \"qa\" does not exist in the resource repo."),
            LockPlanner.Lock(model, "qa", null, new LockReason("x", "olga", Now, null)));
    }

    [Fact]
    public void A_batch_plans_each_write_on_the_changes_before_it_and_keeps_failures_to_themselves()
    {
        var head = TestRepo.Snapshot();
        var writes = new GatheredWrite[]
        {
            new GatheredWrite.Ready(Olga, m => LockPlanner.Lock(m, "dev", null, new LockReason("one", "olga", Now, null))),
            new GatheredWrite.Failed(Olga, new IOException("cannot read the history")),
            new GatheredWrite.Ready(Olga, m => LockPlanner.Lock(m, "dev", null, new LockReason("two", "olga", Now, null))),
            new GatheredWrite.Ready(Olga, m => LockPlanner.Lock(m, "qa", null, new LockReason("three", "olga", Now, null))),
        };

        var plan = new BatchPlanner(new ResourceRepoReader()).Plan(head, new ResourceRepoReader().Read(head), writes);

        Assert.Equal([typeof(BatchEntry.Included), typeof(BatchEntry.Failed), typeof(BatchEntry.Included), typeof(BatchEntry.Refused)], plan.Entries.Select(e => e.GetType()));
        var locks = Encoding.UTF8.GetString(plan.Files!["dev/locks.yaml"].Content.Span);
        Assert.Contains("one", locks, StringComparison.Ordinal);
        Assert.Contains("two", locks, StringComparison.Ordinal);
        Assert.Equal("dev/locks.yaml", Assert.Single(plan.Commit!.Changes).Path);
    }

    [Fact]
    public void Every_refusal_reason_has_one_http_status()
    {
        var reasons = typeof(Reasons).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.All(Reasons.Refusals, r => Assert.InRange(Problems.StatusOf(r), 400, 599));
        Assert.Subset(reasons.ToHashSet(), Reasons.Refusals.ToHashSet());
        Assert.Equal(reasons.Count, reasons.Distinct().Count());
        Assert.Equal(409, Problems.StatusOf(Reasons.TargetLocked));
    }

    private static SortedDictionary<string, string> WithFile(string path, string content)
    {
        var files = TestRepo.Files();
        files[path] = content;
        return files;
    }

    private static HistoryEvent Event(string commit, string env, HistoryMove move) =>
        new(commit, Now, "DM", HistoryEventKinds.Promotion, "subject", env, move.Resource, move.To, null, null, [move], null, null, null);
}
