using System.Globalization;
using System.Net.Http.Json;

namespace Dm.Aggregator.Tests;

public sealed class EventStreamTests
{
    [Fact]
    public async Task A_change_arrives_as_small_deltas_and_a_reconnect_resumes_after_Last_Event_ID()
    {
        await using var app = await AggregatorApp.StartAsync(settings: new Dictionary<string, string?> { ["aggregator:heartbeatInterval"] = "00:00:00.200" });
        var client = app.Client();

        // 1. Connected: a new version arrives as the changed cell, the head and the history event, nothing else.
        var stream = await SseReader.OpenAsync(client, null);
        await client.PostAsJsonAsync("/api/versions", new { resource = "web", version = "9", changelog = "Nine" });
        await stream.ReadUntilAsync(s => s.Events.Any(e => e.Type == "history"), "the history event arrives");
        var cell = stream.Events.Single(e => e.Type == "resource");
        Assert.Equal("web", (string?)cell.Data["resource"]);
        Assert.Equal("latest", (string?)cell.Data["environment"]);
        Assert.Equal("9", (string?)cell.Data["cell"]!["version"]);
        Assert.Equal(app.Head(), (string?)stream.Events.Single(e => e.Type == "head").Data["revision"]);
        Assert.Equal("Nine", (string?)stream.Events.Single(e => e.Type == "history").Data["changelog"]);
        Assert.DoesNotContain(stream.Events, e => e.Type is "environment" or "transition" or "reset");
        var lastSeen = stream.Events.Max(e => e.Id);

        // 2. Idle streams get heartbeats.
        await stream.ReadUntilAsync(s => s.Comments.Contains("heartbeat"), "a heartbeat arrives");
        stream.Dispose();

        // 3. While disconnected, prod is locked.
        await client.PutAsJsonAsync("/api/locks/prod", new { reason = "freeze" });
        await Dm.TestSupport.Eventually.HoldsAsync(
            async () => (await client.GetStringAsync("/api/state")).Contains("freeze", StringComparison.Ordinal), "the lock is in the state");

        // 4. Reconnecting with Last-Event-ID replays exactly what was missed.
        using var resumed = await SseReader.OpenAsync(client, lastSeen.ToString(CultureInfo.InvariantCulture));
        await resumed.ReadUntilAsync(s => s.Events.Any(e => e.Type == "environment"), "the missed lock arrives");
        Assert.All(resumed.Events, e => Assert.True(e.Id > lastSeen));
        var environment = resumed.Events.First(e => e.Type == "environment").Data["environment"]!;
        Assert.Equal("prod", (string?)environment["name"]);
        Assert.Equal("freeze", (string?)environment["lock"]!["reasons"]![0]!["reason"]);

        // 5. A resume point from another lifetime gets a reset.
        using var stale = await SseReader.OpenAsync(client, "999999");
        await stale.ReadUntilAsync(s => s.Events.Count > 0, "a reset arrives");
        Assert.Equal("reset", stale.Events[0].Type);
    }
}
