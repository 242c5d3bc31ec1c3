using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dm.Aggregator.History;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task A_hundred_concurrent_writes_all_land_in_a_linear_history_each_as_its_own_event()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();
        var before = app.CommitCount();
        var head = app.Head();

        var requests = Enumerable.Range(0, 100).Select(i => (i % 4) switch
        {
            0 => client.PutAsJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/api/locks/prod"), new { reason = $"reason {i}" }),
            1 => client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "1", env = $"dev", reason = $"r{i}", force = true }),
            _ => client.PostAsJsonAsync("/api/versions", new { resource = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D3}"), version = $"{i}" }),
        }).ToList();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Equal(25, responses.Where((_, i) => i % 4 == 1).Count(r => r.StatusCode == HttpStatusCode.OK));
        // Queued writes are batched: fewer commits than changes, but every change is its own history event.
        var versionsAndLocks = 75;
        Assert.InRange(app.CommitCount() - before, 1, versionsAndLocks);
        Assert.Empty(PlainGit.Lines(app.RemoteGit, "rev-list", "--merges", "main"));
        var landed = PlainGit.Lines(app.RemoteGit, "rev-list", $"{head}..main").ToHashSet(StringComparer.Ordinal);
        var events = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<HistoryPage>("/api/history?limit=500", DmJson.Options))!.Events.Where(e => landed.Contains(e.Commit)).ToList(),
            e => e.Count >= versionsAndLocks,
            "every change of the batched commits is indexed");
        Assert.Equal(versionsAndLocks, events.Count);
        Assert.Equal(25, events.Count(e => e.Kind == HistoryEventKinds.Lock));
        Assert.Equal(50, events.Where(e => e.Kind == HistoryEventKinds.NewVersion).Select(e => e.Resource).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        for (var i = 0; i < 100; i++)
        {
            if (i % 4 >= 2)
            {
                Assert.Equal($"version: \"{i}\"\n", app.Show(string.Create(CultureInfo.InvariantCulture, $"latest/version/svc-{i:D3}.yaml")));
            }
        }

        var locks = app.Show("prod/locks.yaml");
        Assert.All(Enumerable.Range(0, 100).Where(i => i % 4 == 0), i => Assert.Contains($"\"reason {i}\"", locks, StringComparison.Ordinal));
    }
}
