using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dm.Aggregator.Api;
using Dm.Aggregator.State;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

public sealed class VersionEndpointTests
{
    [Fact]
    public async Task A_new_version_is_a_commit_with_the_file_changelog_and_trailers()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();

        var response = await client.PostAsJsonAsync("/api/versions", new
        {
            resource = "web",
            version = "2",
            fields = new Dictionary<string, string> { ["image"] = "reg/web:2" },
            changelog = "Faster pages\n\n- cache headers",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await AggregatorApp.ReadAsync<WriteResponse>(response);
        Assert.True(body.Changed);
        Assert.Equal(app.Head(), body.Commit);
        Assert.Equal("version: \"2\"\nimage: \"reg/web:2\"\n", app.Show("latest/version/web.yaml"));
        Assert.Equal(
            "New version web 2\n\nFaster pages\n\n- cache headers\n\nDM-Action: new-version\nDM-Resource: web\nDM-Version: 2\nDM-Environment: latest\n",
            app.Message().TrimEnd('\n') + "\n");
        Assert.Equal("DM Aggregator", app.Author());
        Assert.Equal(["latest/version/web.yaml"], PlainGit.Lines(app.RemoteGit, "diff", "--name-only", "main~1", "main"));
    }

    [Fact]
    public async Task The_same_version_again_answers_200_without_a_commit()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();
        var request = new { resource = "web", version = "1", fields = new Dictionary<string, string> { ["image"] = "reg/web:1" } };
        var before = app.Head();

        var response = await client.PostAsJsonAsync("/api/versions", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await AggregatorApp.ReadAsync<WriteResponse>(response);
        Assert.False(body.Changed);
        Assert.Equal(before, body.Commit);
        Assert.Equal(before, app.Head());
    }

    [Fact]
    public async Task An_existing_version_file_in_a_subfolder_is_updated_in_place_and_new_resources_get_a_file()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/versions", new { resource = "api", version = "8" })).StatusCode);
        Assert.Equal("version: \"8\"\n", app.Show("latest/version/apps/api.yaml"));
        Assert.Single(PlainGit.Lines(app.RemoteGit, "diff", "--name-only", "main~1", "main"));

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/versions", new { resource = "worker", version = "0.1.0", env = "latest" })).StatusCode);
        Assert.Equal("version: \"0.1.0\"\n", app.Show("latest/version/worker.yaml"));
    }

    [Fact]
    public async Task The_state_shows_the_new_version_after_the_commit()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();

        await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "5" });

        var state = await Eventually.ReturnsAsync(
            async () => await client.GetFromJsonAsync<StateResponse>("/api/state", Dm.Status.DmJson.Options),
            s => s!.Resources.Single(r => r.Name == "web").Environments["latest"].Version == "5",
            "the state shows web 5 in latest");
        Assert.Equal(app.Head(), state!.Revision);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused()
    {
        await using var app = await AggregatorApp.StartAsync();
        var before = app.Head();
        var json = "{\"resource\":\"web\",\"version\":\"2\",\"changelog\":\"" + new string('x', 1024 * 1024) + "\"}";

        var response = await app.Client().PostAsync("/api/versions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 1048576", (await AggregatorApp.ReadAsync<Problem>(response)).Detail, StringComparison.Ordinal);
        Assert.Equal(before, app.Head());
    }

    [Fact]
    public async Task The_ci_allow_list_lets_ci_write_a_new_environment()
    {
        await using var app = await AggregatorApp.StartAsync(settings: new Dictionary<string, string?> { ["aggregator:ciEnvironments:0"] = "preview" });
        var client = app.Client();

        var response = await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "pr-12", env = "preview" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("version: \"pr-12\"\n", app.Show("preview/version/web.yaml"));
        var refused = await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "3", env = "latest" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
