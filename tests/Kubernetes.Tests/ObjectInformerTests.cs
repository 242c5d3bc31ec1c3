using Dm.Domain;
using Dm.Kubernetes;
using Dm.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

using Microsoft.Extensions.Time.Testing;

namespace Dm.Kubernetes.Tests;

public sealed class ObjectInformerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_initial_objects_of_a_watch_end_with_a_bookmark()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a"), new ApplyOptions("test"), None);
        await using var events = new WatchRecorder(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), null);

        var first = await events.NextAsync(includeBookmarks: true);
        var end = await events.NextAsync(includeBookmarks: true);

        Assert.Equal((WatchEventType.Added, false), (first.Type, first.IsInitialEventsEnd));
        Assert.True(end.IsInitialEventsEnd);
        Assert.False(string.IsNullOrEmpty(end.ResourceVersion));
    }

    [Fact]
    public async Task Lists_once_then_follows_changes_without_further_requests()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a"), new ApplyOptions("test"), None);
        using var informer = new ObjectInformer(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), TimeProvider.System, NullLogger.Instance);

        // 1. The first read waits for the list.
        var first = await informer.ReadAsync(None);
        Assert.True(informer.IsSynced);
        Assert.Equal(["a"], first.Keys.Order());

        // 2. Changes by anyone arrive through the watch and are told to subscribers; reads cost no request.
        var seen = new List<(WatchEventType, string?)>();
        using var subscription = informer.Subscribe((type, item) => { lock (seen) { seen.Add((type, (string?)item["metadata"]?["name"])); } });
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "b"), new ApplyOptions("someone"), None);
        await sim.Client.DeleteAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "a"), PropagationPolicy.Default, None);
        await Eventually.HoldsAsync(() => informer.Snapshot().Keys.Order().SequenceEqual(["b"]), "the informer followed the add and the delete");

        // The simulator logs a request after its response went out: count once the apply and the delete are in.
        await Eventually.HoldsAsync(
            () => sim.Simulator.RequestLog.Any(e => e.Method == "PATCH" && e.Path.EndsWith("/b", StringComparison.Ordinal))
                && sim.Simulator.RequestLog.Any(e => e.Method == "DELETE"),
            "the apply and the delete are in the request log");
        var requests = sim.Simulator.RequestLog.Count;
        for (var i = 0; i < 10; i++)
        {
            await informer.ReadAsync(None);
        }

        Assert.Equal(requests, sim.Simulator.RequestLog.Count);
        lock (seen)
        {
            Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Deleted, "a")], seen);
        }

        Assert.Equal(1, informer.Starts);
    }

    [Fact]
    public async Task An_observed_apply_answer_is_kept_unless_the_cache_already_holds_a_newer_version()
    {
        await using var sim = await SimulatorScope.StartAsync();
        using var informer = new ObjectInformer(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), TimeProvider.System, NullLogger.Instance);
        await informer.ReadAsync(None);

        var first = await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a", "1"), new ApplyOptions("test"), None);
        var second = await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a", "2"), new ApplyOptions("test"), None);
        informer.Observe(second);
        var afterSecond = (string?)informer.Snapshot()["a"]["data"]?["value"];
        informer.Observe(first);

        Assert.Equal("2", afterSecond);
        Assert.Equal("2", (string?)informer.Snapshot()["a"]["data"]?["value"]);
    }

    [Fact]
    public async Task A_forbidden_list_fails_the_read_and_is_retried_until_allowed()
    {
        await using var sim = await SimulatorScope.StartAsync(clientOptions: SimulatorScope.FastRetries);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a"), new ApplyOptions("test"), None);
        sim.Simulator.Faults.Forbid(sim.Namespace);
        using var informer = new ObjectInformer(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), TimeProvider.System, NullLogger.Instance, retryBase: TimeSpan.FromMilliseconds(20), retryMax: TimeSpan.FromMilliseconds(50));

        var failure = await Assert.ThrowsAsync<KubernetesApiException>(() => informer.ReadAsync(None));
        Assert.Equal(403, failure.Code);
        await Eventually.HoldsAsync(() => informer.Starts >= 2, "the informer starts again after a backoff");

        sim.Simulator.Faults.Allow(sim.Namespace);
        var objects = await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    return await informer.ReadAsync(None);
                }
                catch (KubernetesApiException)
                {
                    return null;
                }
            },
            o => o is not null,
            "the informer synced once allowed");
        Assert.Equal(["a"], objects!.Keys);
    }

    [Fact]
    public async Task The_cache_can_drop_managed_field_sets()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a"), new ApplyOptions("test"), None);
        using var cache = new ClusterObjectCache(sim.Client, TimeProvider.System, NullLoggerFactory.Instance, ClusterObjectCache.TrimManagedFields);

        var a = (await cache.For(string.Empty, "ConfigMap", sim.Namespace).ReadAsync(None))["a"];

        var entry = Assert.Single(a["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal("test", (string?)entry["manager"]);
        Assert.NotNull(entry["time"]);
        Assert.Null(entry["fieldsV1"]);
    }

    [Fact]
    public async Task The_cache_stops_an_informer_nobody_subscribed_to_or_asked_for_within_the_idle_time()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "a"), new ApplyOptions("test"), None);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cache = new ClusterObjectCache(sim.Client, clock, NullLoggerFactory.Instance);
        var configMaps = cache.For(string.Empty, "ConfigMap", sim.Namespace);
        var secrets = cache.For(string.Empty, "Secret", sim.Namespace);
        using var subscription = secrets.Subscribe((_, _) => { });
        await configMaps.ReadAsync(None);

        // 1. Within the idle time nothing stops; after it, only the informer without a subscriber.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(cache.StopIdle(TimeSpan.FromMinutes(10)));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([(string.Empty, "ConfigMap", sim.Namespace)], cache.StopIdle(TimeSpan.FromMinutes(10)));
        Assert.Equal([(string.Empty, "Secret", sim.Namespace)], cache.Running);

        // 2. Asking again starts a new informer that lists afresh.
        var again = cache.For(string.Empty, "ConfigMap", sim.Namespace);
        Assert.NotSame(configMaps, again);
        Assert.Equal(["a"], (await again.ReadAsync(None)).Keys);

        // 3. A use (For) resets the idle time; Observe counts as a use too.
        clock.Advance(TimeSpan.FromMinutes(9));
        cache.Observe(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "a"), (await again.ReadAsync(None))["a"]);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(cache.StopIdle(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task A_reader_waiting_for_the_first_list_learns_when_the_informer_is_stopped()
    {
        await using var sim = await SimulatorScope.StartAsync();
        sim.Simulator.Faults.Latency = TimeSpan.FromSeconds(30);
        var informer = new ObjectInformer(sim.Client, new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var read = informer.ReadAsync(None);

        informer.Dispose();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("was stopped", error.Message, StringComparison.Ordinal);
        sim.Simulator.Faults.Latency = TimeSpan.Zero;
    }
}
