using Dm.Aggregator.History;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Tests;

public sealed class HistoryParserTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_single_change_commit_is_one_event_as_before()
    {
        var events = HistoryParser.Parse(Commit("New version web 3\n\nFaster\n\nDM-Action: new-version\nDM-Resource: web\nDM-Version: 3\nDM-Environment: latest\n"));

        var e = Assert.Single(events);
        Assert.Equal(("c1", 0, "c1"), (e.Commit, e.Part, e.Id));
        Assert.Equal((HistoryEventKinds.NewVersion, "web", "3", "latest", "Faster", "ci"), (e.Kind, e.Resource, e.Version, e.Environment, e.Changelog, e.Author));
    }

    [Fact]
    public void A_batched_commit_is_one_event_per_section_in_the_order_applied()
    {
        var message = BatchCommitMessage.Format(
        [
            "New version web 3\n\nFaster\n\nDM-Action: new-version\nDM-Resource: web\nDM-Version: 3\nDM-Environment: latest\nDM-By: ci\n",
            "Lock environment prod\n\nincident\n\nDM-Action: lock\nDM-Environment: prod\nDM-By: olga\n",
            "Promote api 8 to dev\n\napi: 7 → 8 (from latest)\n\nDM-Action: promotion\nDM-Environment: dev\nDM-Target: dev\nDM-Move: api 7 -> 8\nDM-By: olga\n",
        ]);

        var events = HistoryParser.Parse(Commit(message));

        Assert.Equal([0, 1, 2], events.Select(e => e.Part));
        Assert.Equal(["c1", "c1:1", "c1:2"], events.Select(e => e.Id));
        Assert.Equal([HistoryEventKinds.NewVersion, HistoryEventKinds.Lock, HistoryEventKinds.Promotion], events.Select(e => e.Kind));
        Assert.Equal(["New version web 3", "Lock environment prod", "Promote api 8 to dev"], events.Select(e => e.Subject));
        Assert.Equal(["Faster", "incident", "api: 7 → 8 (from latest)"], events.Select(e => e.Changelog));
        Assert.Equal(["ci", "olga", "olga"], events.Select(e => e.Author));
        Assert.Equal([new HistoryMove("api", "7", "8")], events[2].Moves);
        Assert.Equal(("prod", (string?)null), (events[1].Environment, events[1].Resource));
    }

    private static GitCommit Commit(string message) =>
        new("c1", ["c0"], new GitIdentity("ci", "ci@dm"), Time, Time, message, CommitMessage.ParseTrailers(message), [new ChangedPath(ChangeKind.Modified, "latest/version/web.yaml")]);
}
