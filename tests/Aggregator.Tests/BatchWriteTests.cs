using System.Net.Http.Json;
using Dm.Aggregator.Api;
using Dm.Aggregator.Auth;
using Dm.Aggregator.History;
using Dm.Aggregator.Writes;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dm.Aggregator.Tests;

/// <summary>The writer batches queued writes into one commit, one message section and one outcome per write.</summary>
public sealed class BatchWriteTests
{
    private static readonly Caller Alice = new("alice", AggregatorRole.Operator);
    private static readonly Caller Bob = new("bob", AggregatorRole.Operator);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Queued_writes_share_one_commit_and_each_gets_its_own_outcome()
    {
        await using var app = await AggregatorApp.StartAsync();
        var writer = app.Services.GetRequiredService<RepoWriter>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var planning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first write holds the writer (while its inputs are gathered) while the others queue behind it.
        var first = writer.WriteAsync(
            Alice,
            async (_, _) =>
            {
                planning.TrySetResult();
                await release.Task;
                return Reason("freeze", Alice);
            },
            (model, reason) => LockPlanner.Lock(model, "prod", null, reason),
            ct);
        await planning.Task.WaitAsync(ct);
        var lockA = writer.WriteAsync(Alice, m => LockPlanner.Lock(m, "dev", null, Reason("incident A", Alice)), ct);
        var lockB = writer.WriteAsync(Bob, m => LockPlanner.Lock(m, "dev", null, Reason("incident B", Bob)), ct);
        var missing = writer.WriteAsync(Bob, m => LockPlanner.Lock(m, "nope", null, Reason("x", Bob)), ct);
        var same = writer.WriteAsync(Bob, _ =>
            new WritePlan.Commit("Same again\n\nDM-Action: new-version\n", [new FileChange.Put("latest/version/web.yaml", "version: \"1\"\nimage: \"reg/web:1\"\n")]), ct);
        var broken = writer.WriteAsync(Bob, _ => throw new InvalidOperationException("planner bug"), ct);
        var plain = writer.WriteAsync(Bob, _ =>
            new WritePlan.Commit("A message without trailers", [new FileChange.Put("notes.txt", "hello\n")]), ct);
        release.SetResult();

        var firstCommit = Assert.IsType<WriteOutcome.Committed>(await first).CommitId;
        var batchCommit = Assert.IsType<WriteOutcome.Committed>(await lockA).CommitId;
        Assert.Equal(new WriteOutcome.Committed(batchCommit), await lockB);
        Assert.Equal(StatusCodes404(), Problems.StatusOf(Assert.IsType<WriteOutcome.Refused>(await missing).Reason));
        Assert.Equal(new WriteOutcome.Unchanged(batchCommit), await same);
        Assert.Equal("planner bug", (await Assert.ThrowsAsync<InvalidOperationException>(() => broken)).Message);
        var plainCommit = Assert.IsType<WriteOutcome.Committed>(await plain).CommitId;

        // Three commits: the first alone, the two dev locks together (the second saw the first), the plain message alone.
        Assert.Equal([plainCommit, batchCommit, firstCommit], PlainGit.Lines(app.RemoteGit, "log", "-3", "--format=%H", "main"));
        var locks = app.Show("dev/locks.yaml");
        Assert.Contains("incident A", locks, StringComparison.Ordinal);
        Assert.Contains("incident B", locks, StringComparison.Ordinal);
        var message = app.Message(batchCommit);
        Assert.StartsWith("2 changes: Lock environment dev; Lock environment dev\n\n", message, StringComparison.Ordinal);
        var sections = BatchCommitMessage.Sections(message);
        Assert.Equal(2, sections.Count);
        Assert.Contains("incident A", sections[0], StringComparison.Ordinal);
        Assert.Contains(new CommitTrailer(DmTrailers.By, "bob"), CommitMessage.ParseTrailers(sections[1]));
        Assert.Equal(BatchPlanner.MixedAuthor.Name, app.Author(batchCommit));
        Assert.Equal("A message without trailers\n", app.Message(plainCommit).TrimEnd('\n') + "\n");

        // History: one event per change, newest first; paging one by one walks into the batch and out of it.
        var client = app.Client();
        var top = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<HistoryPage>("/api/history?limit=3", DmJson.Options))!,
            p => p.Events.Count == 3 && p.Events[0].Commit == plainCommit,
            "the batch is indexed");
        Assert.Equal([(plainCommit, 0), (batchCommit, 1), (batchCommit, 0)], top.Events.Select(e => (e.Commit, e.Part)));
        Assert.Equal(["bob", "alice"], top.Events.Skip(1).Select(e => e.Author));
        Assert.Equal(["incident B", "incident A"], top.Events.Skip(1).Select(e => e.Changelog));
        Assert.Equal($"{batchCommit}:1", (await client.GetFromJsonAsync<HistoryPage>("/api/history?limit=2", DmJson.Options))!.Next);
        var inside = (await client.GetFromJsonAsync<HistoryPage>($"/api/history?limit=1&before={batchCommit}:1", DmJson.Options))!;
        Assert.Equal((batchCommit, 0), (inside.Events[0].Commit, inside.Events[0].Part));
        Assert.Equal(batchCommit, inside.Next);
        var after = (await client.GetFromJsonAsync<HistoryPage>($"/api/history?limit=1&before={batchCommit}", DmJson.Options))!;
        Assert.Equal(firstCommit, after.Events[0].Commit);
    }

    [Fact]
    public async Task Concurrent_posts_with_a_bad_one_and_a_repeat_answer_each_request_on_its_own()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();

        var responses = await Task.WhenAll(
            client.PostAsJsonAsync("/api/versions", new { resource = "api", version = "8" }),
            client.PostAsJsonAsync("/api/versions", new { resource = "api", version = "8" }),
            client.PostAsJsonAsync("/api/versions", new { resource = "api", version = "9", env = "nope" }),
            client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "2" }));

        // The same version twice: one commits it, the other finds it there (whichever the writer planned first).
        Assert.Equal([200, 201], responses.Take(2).Select(r => (int)r.StatusCode).Order());
        Assert.Equal([404, 201], responses.Skip(2).Select(r => (int)r.StatusCode));
        Assert.Equal("version: \"8\"\n", app.Show("latest/version/apps/api.yaml"));
        Assert.Equal("version: \"2\"\n", app.Show("latest/version/web.yaml"));
        var subjects = PlainGit.Lines(app.RemoteGit, "log", "--format=%s", "main");
        Assert.Contains(subjects, s => s.Contains("New version api 8", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.Contains("New version web", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlay_files_get_the_blob_ids_git_gives_them() =>
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", BatchPlanner.BlobId("hello\n"u8, 40));

    private static int StatusCodes404() => Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;

    private static LockReason Reason(string text, Caller by) => new(text, by.Name, Now, null);
}
