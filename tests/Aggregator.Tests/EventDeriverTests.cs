using Dm.Aggregator.History;
using Dm.Aggregator.Notifications;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.Tests;

/// <summary>The pure event derivation: commits, deployer and transitioner reports in, events with stable ids out.</summary>
public sealed class EventDeriverTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly ResourceRepoModel Empty = new("head", [], [new TransitionDefinition("to-prod", 0, "pp", "prod", [], null, null, [], [], [], null)], [], [], []);

    private static HistoryEvent Commit(string kind, string? env, string? resource, IReadOnlyList<HistoryMove> moves, string? changelog = null, string? transition = null, string? source = null) =>
        new("c0ffee", At, "Alice", kind, "subject", env, resource, moves.Count == 1 ? moves[0].To : null, transition, source, moves, changelog, "Olga", null);

    [Fact]
    public void A_transition_commit_is_one_promoted_event_per_resource_with_its_changelog()
    {
        var events = EventDeriver.FromHistory(
            Commit(HistoryEventKinds.Transition, "prod", null, [new("web", "1", "2"), new("api", null, "7")], "web: 1 → 2\n  - fix", "to-prod", "pp"), Empty);

        Assert.Equal(
            ["web 1 → 2 was promoted from pp to prod by transition to-prod", "api (new) → 7 was promoted from pp to prod by transition to-prod"],
            events.Select(e => e.Message));
        Assert.All(events, e => Assert.Equal((DmEventTypes.Promoted, "prod", "pp", "to-prod", "c0ffee", "web: 1 → 2\n  - fix"), (e.Type, e.Environment, e.Source, e.Transition, e.Revision, e.Details)));
        Assert.Equal(2, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(events.Select(e => e.Id), EventDeriver.FromHistory(
            Commit(HistoryEventKinds.Transition, "prod", null, [new("web", "1", "2"), new("api", null, "7")], "web: 1 → 2\n  - fix", "to-prod", "pp"), Empty).Select(e => e.Id));
    }

    [Fact]
    public void Rollbacks_unlocks_and_approvals_say_who_and_why()
    {
        var rollback = Assert.Single(EventDeriver.FromHistory(Commit(HistoryEventKinds.Rollback, "prod", "web", [new("web", "2", "1")], "500s on checkout"), Empty));
        Assert.Equal((DmEventTypes.RolledBack, "web was rolled back in prod from 2 to 1 by Olga: 500s on checkout and is locked there"), (rollback.Type, rollback.Message));
        var unlock = Assert.Single(EventDeriver.FromHistory(Commit(HistoryEventKinds.Unlock, "prod", "web", [], "fixed"), Empty));
        Assert.Equal((DmEventTypes.Unlocked, "web in prod was unlocked by Olga: fixed"), (unlock.Type, unlock.Message));
        var approval = Assert.Single(EventDeriver.FromHistory(Commit(HistoryEventKinds.Approval, null, null, [], "web: 2", "to-prod"), Empty));
        Assert.Equal((DmEventTypes.ApprovalGiven, "transition to-prod was approved by Olga", "prod"), (approval.Type, approval.Message, approval.Environment));
        Assert.Empty(EventDeriver.FromHistory(Commit(HistoryEventKinds.ManualEdit, "dev", "web", []), Empty));
    }

    [Fact]
    public void A_transition_waiting_for_approval_is_requested_once_per_set_of_moves()
    {
        TransitionerStatusReport Report(params PendingMove[] pending) => new(
            new Dictionary<string, TransitionStatus>
            {
                ["to-prod"] = new("pp", "prod", new TransitionRun(At, TransitionResult.Blocked, Reasons.AwaitingApproval, "waiting", null), pending, null),
            }, "head", At);

        var (baseline, marks) = EventDeriver.FromTransitioner(null, Report(new PendingMove("web", "1", "2")), At);
        Assert.Empty(baseline);
        var (same, _) = EventDeriver.FromTransitioner(marks, Report(new PendingMove("web", "1", "2")), At);
        Assert.Empty(same);
        var (changed, _) = EventDeriver.FromTransitioner(marks, Report(new PendingMove("web", "1", "3")), At);
        var requested = Assert.Single(changed);
        Assert.Equal((DmEventTypes.ApprovalRequested, "transition to-prod (pp → prod) waits for an approval of web 1 → 3", "prod", "web"),
            (requested.Type, requested.Message, requested.Environment, requested.Resource));
    }

    [Theory]
    [InlineData("example/web", "example/web")]
    [InlineData("https://github.com/example/web.git", "example/web")]
    [InlineData("git@github.com:example/web.git", "example/web")]
    [InlineData("ssh://git@gitlab.example.com/group/sub/web.git", "group/sub/web")]
    [InlineData("web", null)]
    [InlineData("https://github.com/../etc", null)]
    public void Repository_paths_come_from_paths_urls_and_scp_addresses(string repo, string? path)
    {
        Assert.Equal(path, ReceiverRequests.RepositoryPath(repo));
    }
}
