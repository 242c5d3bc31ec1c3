using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dm.Aggregator.Api;
using Dm.Aggregator.History;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

public sealed class HistoryTests
{
    private const int Generated = 300;

    [Fact]
    public async Task History_over_hundreds_of_commits_pages_newest_first_and_filters()
    {
        await using var app = await AggregatorApp.StartAsync(beforeStart: git => FastImport.Append(git, "main", Generate()));
        var client = app.Client();

        // 1. Paging through everything with limit=50 gives every commit once, newest first.
        var seen = new List<HistoryEvent>();
        string? before = null;
        do
        {
            var page = (await client.GetFromJsonAsync<HistoryPage>("/api/history?limit=50" + (before is null ? string.Empty : "&before=" + before), DmJson.Options))!;
            Assert.True(page.Events.Count <= 50);
            seen.AddRange(page.Events);
            before = page.Next;
        }
        while (before is not null);

        Assert.Equal(PlainGit.Lines(app.RemoteGit, "rev-list", "main"), seen.Select(e => e.Commit));

        // 2. DM commits are parsed from trailers: the newest is web's last version, with its changelog.
        var newest = seen[0];
        Assert.Equal(HistoryEventKinds.NewVersion, newest.Kind);
        Assert.Equal("web", newest.Resource);
        Assert.Equal("latest", newest.Environment);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{Generated - 1}"), newest.Version);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"Change {Generated - 1}"), newest.Changelog);

        // 3. Filters: a resource, a kind; commits without trailers are manual edits described by their paths.
        var api = (await client.GetFromJsonAsync<HistoryPage>("/api/history?resource=api&limit=500", DmJson.Options))!;
        Assert.Equal(Enumerable.Range(0, Generated).Count(i => i % 3 == 0 && i % 10 != 5), api.Events.Count);
        Assert.All(api.Events, e => Assert.Equal("api", e.Resource));
        var manual = (await client.GetFromJsonAsync<HistoryPage>("/api/history?kind=manual-edit&limit=500", DmJson.Options))!;
        Assert.Equal((Generated / 10) + 1, manual.Events.Count);
        Assert.Contains(manual.Events, e => e.Paths!.SequenceEqual(["dev/version/web.yaml"]) && e.Environment == "dev" && e.Resource == "web");

        // 4. A new commit is indexed incrementally and shows up first.
        await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "next", changelog = "Incremental" });
        var first = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<HistoryPage>("/api/history?limit=1", DmJson.Options))!.Events[0],
            e => e.Version == "next",
            "the new version is indexed");
        Assert.Equal("Incremental", first.Changelog);

        // 5. The resource view lists versions newest first with where they entered.
        var resource = (await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<ResourceResponse>("/api/resources/web", DmJson.Options),
            r => r!.Environments["latest"].Version == "next",
            "the state shows the new version"))!;
        Assert.Equal("next", resource.Versions[0].Version);
        Assert.Equal("Incremental", resource.Versions[0].Changelog);
        Assert.Contains("latest", resource.Versions[0].Environments.Keys);
        Assert.Equal("next", resource.Environments["latest"].Version);

        // 6. A cursor that is not a commit is refused.
        var bad = await client.GetAsync("/api/history?before=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(
            "'before' \"nope\" is not a commit or event of the history; pass the 'next' value of a previous page.",
            (await AggregatorApp.ReadAsync<Problem>(bad)).Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/resources/ghost")).StatusCode);
    }

    private static IEnumerable<(string, IReadOnlyDictionary<string, string>)> Generate()
    {
        for (var i = 0; i < Generated; i++)
        {
            var resource = i % 3 == 0 ? "api" : "web";
            var n = string.Create(CultureInfo.InvariantCulture, $"{i}");
            if (i % 10 == 5)
            {
                yield return ($"Hand edit {n}", new Dictionary<string, string> { ["dev/version/web.yaml"] = $"version: \"m{n}\"\n" });
                continue;
            }

            var path = resource == "api" ? "latest/version/apps/api.yaml" : "latest/version/web.yaml";
            yield return (
                $"New version {resource} {n}\n\nChange {n}\n\nDM-Action: new-version\nDM-Resource: {resource}\nDM-Version: {n}\nDM-Environment: latest\n",
                new Dictionary<string, string> { [path] = $"version: \"{n}\"\n" });
        }
    }
}
