using System.Net;
using System.Net.Http.Json;
using Dm.Aggregator.Api;
using Dm.Aggregator.State;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

/// <summary>Locks, promotions, rollbacks and approvals as an operator: the commits they make, step by step.</summary>
public sealed class OperatorEndpointTests
{
    [Fact]
    public async Task Locks_are_set_with_author_and_expiry_and_cleared()
    {
        await using var app = await AggregatorApp.StartAsync(tokens: true);
        var client = app.Client(AggregatorApp.OperatorToken);

        // 1. Lock the environment: locks.yaml gets the reason with who, when and until when; the author is the operator.
        var response = await client.PutAsJsonAsync("/api/locks/prod", new { reason = "Release freeze", expires = "2099-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.Head(), (await AggregatorApp.ReadAsync<WriteResponse>(response)).Commit);
        var locks = app.Show("prod/locks.yaml");
        Assert.StartsWith("env_lock:\n  reasons:\n    - reason: \"Release freeze\"\n      by: \"Olga Operator\"\n      at: ", locks, StringComparison.Ordinal);
        Assert.Contains("expires: \"2099-01-01T00:00:00Z\"", locks, StringComparison.Ordinal);
        Assert.Equal("Olga Operator", app.Author());
        Assert.Contains("Lock environment prod\n\nRelease freeze\n\nDM-Action: lock\nDM-Environment: prod\nDM-By: Olga Operator", app.Message(), StringComparison.Ordinal);

        // 2. Lock a resource too; the environment lock stays.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/locks/prod/api", new { reason = "Migration running" })).StatusCode);
        locks = app.Show("prod/locks.yaml");
        Assert.Contains("resource_locks:\n  api:\n    reasons:\n      - reason: \"Migration running\"", locks, StringComparison.Ordinal);
        Assert.Contains("Release freeze", locks, StringComparison.Ordinal);
        Assert.Contains("DM-Resource: api", app.Message(), StringComparison.Ordinal);

        // 3. The state shows both locks with reasons and author.
        var state = await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options),
            s => s!.Resources.Single(r => r.Name == "api").Environments["prod"].Lock is not null,
            "the state shows the api lock");
        var prod = state!.Environments.Single(e => e.Name == "prod");
        Assert.True(prod.Lock!.Locked);
        Assert.Equal("Olga Operator", prod.Lock.Reasons.Single().By);
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), prod.Lock.Reasons.Single().Expires);

        // 4. Unlock both.
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/api/locks/prod/api")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/api/locks/prod")).StatusCode);
        Assert.Equal("{}\n", app.Show("prod/locks.yaml"));
        Assert.Contains("DM-Action: unlock", app.Message(), StringComparison.Ordinal);

        // 5. Unlocking again changes nothing: 200, no commit.
        var head = app.Head();
        var again = await client.DeleteAsync("/api/locks/prod");
        Assert.False((await AggregatorApp.ReadAsync<WriteResponse>(again)).Changed);
        Assert.Equal(head, app.Head());
    }

    [Fact]
    public async Task A_promotion_copies_the_version_file_and_is_refused_on_a_locked_target_unless_forced()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();
        await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "2", fields = new Dictionary<string, string> { ["image"] = "reg/web:2" } });

        // 1. Promote latest's web 2 to dev: dev gets latest's file, with a move trailer.
        var response = await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "2", env = "dev", reason = "hotfix" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("version: \"2\"\nimage: \"reg/web:2\"\n", app.Show("dev/version/web.yaml"));
        var message = app.Message();
        Assert.StartsWith("Promote web 2 to dev\n\nweb: 1 → 2 (from latest at ", message, StringComparison.Ordinal);
        Assert.Contains("hotfix\n\nDM-Action: promotion\nDM-Environment: dev\nDM-Target: dev\nDM-Move: web 1 -> 2\nDM-By: DM Aggregator", message, StringComparison.Ordinal);

        // 2. Lock prod; promoting there is refused with 409 and no commit.
        await client.PutAsJsonAsync("/api/locks/prod", new { reason = "freeze" });
        var head = app.Head();
        var refused = await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "2", env = "prod" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Environment \"prod\" is locked for web (freeze); send \"force\": true to promote anyway.", (await AggregatorApp.ReadAsync<Problem>(refused)).Detail);
        Assert.Equal(head, app.Head());

        // 3. Forced, it lands and says so.
        var forced = await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "2", env = "prod", force = true });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal("version: \"2\"\nimage: \"reg/web:2\"\n", app.Show("prod/version/web.yaml"));
        Assert.Contains("Forced past the lock: freeze", app.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_restores_the_previous_version_and_locks_in_the_same_commit()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();
        await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "2", fields = new Dictionary<string, string> { ["image"] = "reg/web:2" } });
        await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "2", env = "dev" });

        var response = await client.PostAsJsonAsync("/api/rollbacks", new { resource = "web", env = "dev", reason = "500s on checkout" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("version: \"1\"\nimage: \"reg/web:1\"\n", app.Show("dev/version/web.yaml"));
        Assert.Contains("resource_locks:\n  web:\n    reasons:\n      - reason: \"Rolled back from 2 to 1: 500s on checkout\"", app.Show("dev/locks.yaml"), StringComparison.Ordinal);
        Assert.Equal(["dev/locks.yaml", "dev/version/web.yaml"], PlainGit.Lines(app.RemoteGit, "diff", "--name-only", "main~1", "main"));
        Assert.Contains("DM-Action: rollback\nDM-Environment: dev\nDM-Target: dev\nDM-Resource: web\nDM-Move: web 2 -> 1", app.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_records_the_given_moves_in_transition_state()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();

        var response = await client.PostAsJsonAsync("/api/approvals", new { transition = "dev-to-prod", versions = new Dictionary<string, string> { ["web"] = "2" }, reason = "CAB ok" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = app.Show("transition_state.yaml");
        Assert.StartsWith("dev-to-prod:\n  approval:\n    by: \"DM Aggregator\"\n    at: ", state, StringComparison.Ordinal);
        Assert.Contains("    reason: \"CAB ok\"\n    versions:\n      web: \"2\"\n", state, StringComparison.Ordinal);
        Assert.Contains("Approve transition dev-to-prod (dev → prod)\n\nweb: 2\n\nCAB ok\n\nDM-Action: approval\nDM-Transition: dev-to-prod\nDM-By: DM Aggregator", app.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_promotion_of_a_version_another_writer_just_pushed_gathers_its_file_again_on_the_new_head()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();

        // 1. Another writer pushes web 9 to latest; the aggregator's mirror may not have fetched it yet.
        FastImport.Append(app.RemoteGit, "main", [("New version web 9", new Dictionary<string, string> { ["latest/version/web.yaml"] = "version: \"9\"\n" })]);

        // 2. Promoting web 9 to prod finds its file on the branch's new head and commits on top of the other writer's commit.
        var response = await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "9", env = "prod" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("version: \"9\"\n", app.Show("prod/version/web.yaml"));
        Assert.StartsWith("Promote web 9 to prod\n", app.Message(), StringComparison.Ordinal);
        Assert.Equal("New version web 9", PlainGit.Run(app.RemoteGit, "log", "-1", "--format=%s", "main^").Trim());
    }
}
