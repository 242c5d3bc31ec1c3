using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class WatchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string? Name(WatchEvent e) => (string?)e.Resource["metadata"]?["name"];

    [Fact]
    public async Task Watch_lists_what_exists_then_streams_changes()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "before"), new ApplyOptions("test"), None);
        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);

        var initial = await events.NextAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "after"), new ApplyOptions("test"), None);
        var added = await events.NextAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "after", "2"), new ApplyOptions("test"), None);
        var modified = await events.NextAsync();
        await sim.Client.DeleteAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "after"), PropagationPolicy.Default, None);
        var deleted = await events.NextAsync();

        Assert.Equal((WatchEventType.Added, "before", false), (initial.Type, Name(initial), initial.Resynced));
        Assert.Equal((WatchEventType.Added, "after"), (added.Type, Name(added)));
        Assert.Equal((WatchEventType.Modified, "2"), (modified.Type, (string?)modified.Resource["data"]?["value"]));
        Assert.Equal((WatchEventType.Deleted, "after"), (deleted.Type, Name(deleted)));
        Assert.Equal("ConfigMap", (string?)deleted.Resource["kind"]);
    }

    [Fact]
    public async Task Watch_resumes_from_the_last_version_after_the_server_ends_the_stream()
    {
        await using var sim = await SimulatorScope.StartAsync(clientOptions: SimulatorScope.FastRetries with { WatchTimeout = TimeSpan.FromSeconds(1) });
        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "first"), new ApplyOptions("test"), None);
        var first = await events.NextAsync();
        var watchPath = $"/api/v1/namespaces/{sim.Namespace}/configmaps";

        // The server closes each stream after timeoutSeconds=1 (the log records a watch when it ends); the client resumes.
        await Eventually.HoldsAsync(() => sim.Simulator.RequestLog.Any(e => e.Path == watchPath && e.Query.Contains("watch=true", StringComparison.Ordinal)), "the first stream ended");
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "second"), new ApplyOptions("test"), None);
        var second = await events.NextAsync();
        await Eventually.HoldsAsync(() => sim.Simulator.RequestLog.Count(e => e.Path == watchPath && e.Query.Contains("watch=true", StringComparison.Ordinal)) >= 2, "the second stream ended");

        Assert.Equal((WatchEventType.Added, "first"), (first.Type, Name(first)));
        Assert.Equal((WatchEventType.Added, "second"), (second.Type, Name(second)));
        var reopened = sim.Simulator.RequestLog.Where(e => e.Path == watchPath && e.Query.Contains("watch=true", StringComparison.Ordinal)).Skip(1).First();
        Assert.Contains($"resourceVersion={first.ResourceVersion}", reopened.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_version_relists_and_yields_what_exists_as_resynced()
    {
        await using var sim = await SimulatorScope.StartAsync(new SimulatorOptions { RunControllers = false, WatchHistorySize = 5 });
        for (var i = 0; i < 21; i++)
        {
            await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, $"cm-{i % 3}", $"{i}"), new ApplyOptions("test"), None);
        }

        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), "1");
        var resynced = new[] { await events.NextAsync(), await events.NextAsync(), await events.NextAsync() };

        Assert.All(resynced, e => Assert.Equal((WatchEventType.Added, true), (e.Type, e.Resynced)));
        Assert.Equal(["cm-0", "cm-1", "cm-2"], resynced.Select(Name).Order());
        Assert.Contains(sim.Simulator.RequestLog, e => e.Method == "GET" && !e.Query.Contains("watch=true", StringComparison.Ordinal) && e.Path == $"/api/v1/namespaces/{sim.Namespace}/configmaps");
    }

    [Fact]
    public async Task After_410_the_watch_yields_the_difference_between_what_it_saw_and_the_fresh_list()
    {
        await using var sim = await SimulatorScope.StartAsync(
            new SimulatorOptions { RunControllers = false, WatchHistorySize = 5 },
            SimulatorScope.FastRetries with { WatchTimeout = TimeSpan.FromSeconds(1), Retry = new RetryPolicy(1000, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)) });
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "kept"), new ApplyOptions("test"), None);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "changed"), new ApplyOptions("test"), None);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "removed"), new ApplyOptions("test"), None);
        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);
        for (var i = 0; i < 3; i++)
        {
            await events.NextAsync();
        }

        // Keep the watch from reconnecting (reads of the collection fail) while enough changes happen to compact its version away.
        var collection = $"/api/v1/namespaces/{sim.Namespace}/configmaps";
        sim.Simulator.Faults.Add(new FaultRule("GET", collection, 1.0, 500));
        await Eventually.HoldsAsync(() => sim.Simulator.RequestLog.Any(e => e.Path == collection && e.StatusCode == 500), "the watch tried to reconnect and failed");
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "changed", "2"), new ApplyOptions("test"), None);
        await sim.Client.DeleteAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "removed"), PropagationPolicy.Default, None);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "new"), new ApplyOptions("test"), None);
        for (var i = 0; i < 20; i++)
        {
            // The simulator keeps at least 16 events of history: push the watch's version out of it.
            await sim.Client.ApplyAsync(Manifests.Namespace($"{sim.Namespace}-n{i}"), new ApplyOptions("test"), None);
        }

        sim.Simulator.Faults.Clear();
        var diff = new List<WatchEvent>();
        for (var i = 0; i < 3; i++)
        {
            diff.Add(await events.NextAsync());
        }

        Assert.All(diff, e => Assert.True(e.Resynced));
        Assert.Equal(
            [(WatchEventType.Added, "new"), (WatchEventType.Deleted, "removed"), (WatchEventType.Modified, "changed")],
            diff.Select(e => (e.Type, Name(e)!)).OrderBy(e => e.Item1 == WatchEventType.Added ? 0 : e.Item1 == WatchEventType.Deleted ? 1 : 2));
        var removed = diff.Single(e => e.Type == WatchEventType.Deleted).Resource;
        Assert.Equal(("v1", "ConfigMap", sim.Namespace), ((string?)removed["apiVersion"], (string?)removed["kind"], (string?)removed["metadata"]?["namespace"]));
        Assert.False(string.IsNullOrEmpty((string?)removed["metadata"]?["uid"]));
        Assert.False(string.IsNullOrEmpty((string?)removed["metadata"]?["resourceVersion"]));
        Assert.Contains(sim.Simulator.RequestLog, e => e.Path == collection && e.StatusCode == 200 && e.Query.Contains("watch=true", StringComparison.Ordinal) && e.Query.Contains("resourceVersion=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_resumes_from_the_last_version_after_the_connection_drops()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await using var relay = new TcpRelay(sim.Simulator.BaseAddress);
        using var client = new KubernetesRestClient(sim.Client.Endpoint with { Server = new Uri($"http://127.0.0.1:{relay.Port}") }, SimulatorScope.FastRetries);
        await using var events = new WatchRecorder(client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "before"), new ApplyOptions("test"), None);
        var before = await events.NextAsync();

        relay.DropAll();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "after"), new ApplyOptions("test"), None);
        var after = await events.NextAsync();

        Assert.Equal((WatchEventType.Added, "before"), (before.Type, Name(before)));
        Assert.Equal((WatchEventType.Added, "after"), (after.Type, Name(after)));
        // The simulator logs a watch only when its request ends, which for a reset connection happens whenever the
        // server next writes to it; the relay's connection count is the direct evidence of the reconnect.
        Assert.True(relay.Accepted >= 2, "the client opened a new connection");
    }

    [Fact]
    public async Task A_watch_outlives_an_outage_longer_than_one_request_retries()
    {
        await using var sim = await SimulatorScope.StartAsync(clientOptions: SimulatorScope.FastRetries with { WatchTimeout = TimeSpan.FromSeconds(1) });
        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "before"), new ApplyOptions("test"), None);
        Assert.Equal("before", Name(await events.NextAsync()));

        sim.Simulator.Faults.Outage = true;
        await Eventually.HoldsAsync(() => sim.Simulator.RequestLog.Count(e => e.StatusCode == 503) >= 12, "the watch failed to reconnect more than twice a request's retry budget");
        sim.Simulator.Faults.Outage = false;
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "after"), new ApplyOptions("test"), None);

        var after = await events.NextAsync();
        Assert.Equal((WatchEventType.Added, "after"), (after.Type, Name(after)));
    }

    [Fact]
    public async Task Bookmarks_are_requested_and_passed_on()
    {
        await using var sim = await SimulatorScope.StartAsync(new SimulatorOptions { RunControllers = false, WatchBookmarkInterval = TimeSpan.FromMilliseconds(100) });
        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);

        var bookmark = await events.NextAsync(includeBookmarks: true);

        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.False(string.IsNullOrEmpty(bookmark.ResourceVersion));
    }

    [Fact]
    public async Task A_watch_of_an_unknown_kind_fails_with_the_discovery_error()
    {
        await using var sim = await SimulatorScope.StartAsync();

        await using var events = new WatchRecorder(sim.Client, new ResourceQuery("example.com", "Gadget"), null);

        Assert.IsType<UnknownResourceTypeException>(await events.FailureAsync());
    }
}
