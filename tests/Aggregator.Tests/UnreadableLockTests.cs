using System.Net;
using System.Net.Http.Json;
using Dm.Aggregator.State;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

/// <summary>
/// An environment whose <c>locks.yaml</c> cannot be read counts as locked: promotions and rollbacks into it are refused
/// (force included), a lock can still be added (rewriting the file in a valid form), unlocking needs force, and the state
/// shows the reader's message. An unreadable <c>transition_state.yaml</c> takes no approval.
/// </summary>
public sealed class UnreadableLockTests
{
    private const string Broken = "env_lock:\n  reasons:\n    - \"release freeze\"\n    - reason: audit\n      expires: next week\nresource_locks:\n  api: [\"migration\"]\n";

    private static Task<AggregatorApp> StartAsync(string path, string content)
    {
        var files = TestRepo.Files();
        files[path] = content;
        return AggregatorApp.StartAsync(files: files);
    }

    [Fact]
    public async Task Promotions_and_rollbacks_into_it_are_refused_even_when_forced()
    {
        await using var app = await StartAsync("prod/locks.yaml", Broken);
        var client = app.Client();
        await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "2", fields = new Dictionary<string, string> { ["image"] = "reg/web:2" } });
        var head = app.Head();

        foreach (var (url, body) in new (string, object)[]
        {
            ("/api/promotions", new { resource = "web", version = "2", env = "prod" }),
            ("/api/promotions", new { resource = "web", version = "2", env = "prod", force = true }),
            ("/api/rollbacks", new { resource = "web", env = "prod", version = "2", reason = "bad" }),
        })
        {
            var refused = await client.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await AggregatorApp.ReadAsync<Problem>(refused);
            Assert.Equal(Reasons.LocksUnreadable, problem.Title);
            Assert.StartsWith("prod/locks.yaml cannot be read, so prod counts as locked and nothing is committed into it until the file is fixed", problem.Detail, StringComparison.Ordinal);
            Assert.Contains("prod/locks.yaml:7:8: resource_locks.api must be a map", problem.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(head, app.Head());

        // Another environment is not affected.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "2", env = "dev" })).StatusCode);
    }

    [Fact]
    public async Task A_new_lock_rewrites_the_file_keeping_what_could_be_read_and_says_what_could_not()
    {
        await using var app = await StartAsync("prod/locks.yaml", Broken);
        var client = app.Client();

        var response = await client.PutAsJsonAsync("/api/locks/prod", new { reason = "incident 42" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var locks = app.Show("prod/locks.yaml");
        Assert.StartsWith("env_lock:\n  reasons:\n    - \"release freeze\"\n    - \"audit\"\n    - reason: \"incident 42\"\n", locks, StringComparison.Ordinal);
        Assert.DoesNotContain("resource_locks", locks, StringComparison.Ordinal);
        var message = app.Message();
        Assert.Contains("incident 42\n\nprod/locks.yaml could not be read in full and is rewritten with every reason that could be read. Left out: ", message, StringComparison.Ordinal);
        Assert.Contains("env_lock.reasons[1].expires is not a timestamp", message, StringComparison.Ordinal);
        Assert.Contains("resource_locks.api must be a map", message, StringComparison.Ordinal);

        // The rewritten file reads again: promotions are judged by the lock as usual.
        var refused = await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "1", env = "prod" });
        Assert.Equal("TargetLocked", (await AggregatorApp.ReadAsync<Problem>(refused)).Title);
    }

    [Fact]
    public async Task Unlocking_is_refused_with_the_readers_message_unless_forced()
    {
        await using var app = await StartAsync("prod/locks.yaml", "env_lock: [unclosed\n");
        var client = app.Client();
        var head = app.Head();

        // 1. Refused with 409 and where the file is broken; nothing is committed.
        var refused = await client.DeleteAsync("/api/locks/prod");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await AggregatorApp.ReadAsync<Problem>(refused);
        Assert.Equal(Reasons.LocksUnreadable, problem.Title);
        Assert.Contains("prod/locks.yaml:2:1: While parsing a flow sequence", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("send \"force\": true", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("/api/locks/prod/web")).StatusCode);
        Assert.Equal(head, app.Head());

        // 2. Forced (body or query): the file is rewritten valid, the commit says what was left out.
        using var forced = new HttpRequestMessage(HttpMethod.Delete, "/api/locks/prod") { Content = JsonContent.Create(new { force = true, reason = "typo" }) };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(forced)).StatusCode);
        Assert.Equal("{}\n", app.Show("prod/locks.yaml"));
        Assert.Contains("typo\n\nprod/locks.yaml could not be read in full", app.Message(), StringComparison.Ordinal);
        Assert.Contains("DM-Action: unlock", app.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlock_force_in_the_query_string_works_too()
    {
        await using var app = await StartAsync("prod/locks.yaml", "env_lock: {reasons: freeze}\n");

        var response = await app.Client().DeleteAsync("/api/locks/prod?force=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}\n", app.Show("prod/locks.yaml"));
    }

    [Fact]
    public async Task The_state_shows_the_readers_message_on_the_environment()
    {
        await using var app = await StartAsync("prod/locks.yaml", Broken);

        var state = await app.Client().GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options);

        var prod = state!.Environments.Single(e => e.Name == "prod");
        Assert.Contains("prod/locks.yaml:5:16: env_lock.reasons[1].expires is not a timestamp", prod.LocksProblem, StringComparison.Ordinal);
        Assert.Null(state.Environments.Single(e => e.Name == "dev").LocksProblem);
        Assert.Contains(state.Errors, e => e.File == "prod/locks.yaml");
    }

    [Fact]
    public async Task An_approval_is_refused_while_transition_state_cannot_be_read()
    {
        const string State = "dev-to-prod:\n  scheduled: soon\n";
        await using var app = await StartAsync(TransitionStateFile.Path, State);
        var head = app.Head();

        var refused = await app.Client().PostAsJsonAsync("/api/approvals", new { transition = "dev-to-prod", versions = new Dictionary<string, string> { ["web"] = "2" } });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await AggregatorApp.ReadAsync<Problem>(refused);
        Assert.Equal(Reasons.TransitionStateUnreadable, problem.Title);
        Assert.Contains("transition_state.yaml:2:14: dev-to-prod.scheduled is not a timestamp", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(head, app.Head());
        Assert.Equal(State, app.Show(TransitionStateFile.Path));
    }
}
