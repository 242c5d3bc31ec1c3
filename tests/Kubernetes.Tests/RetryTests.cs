using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class RetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_503_with_Retry_After_is_retried_after_exactly_that_long()
    {
        var time = new RecordingTimeProvider(Start);
        await using var sim = await SimulatorScope.StartAsync(clientOptions: new KubernetesClientOptions(), clientTime: time);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "cm"), new ApplyOptions("test"), None);
        var path = $"/api/v1/namespaces/{sim.Namespace}/configmaps/cm";
        sim.Simulator.Faults.Add(new FaultRule("GET", path, 1.0, 503, RetryAfterSeconds: 7));

        var get = sim.Client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "cm"), None);
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7)).WaitAsync(TimeSpan.FromSeconds(10));
        sim.Simulator.Faults.Clear();
        Assert.False(get.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(7));
        var live = await get.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(live);
        Assert.Equal([503, 200], sim.Simulator.RequestLog.Where(e => e.Path == path && e.Method == "GET").Select(e => e.StatusCode));
    }

    [Fact]
    public async Task A_429_on_server_side_apply_is_retried_honouring_Retry_After()
    {
        var time = new RecordingTimeProvider(Start);
        await using var sim = await SimulatorScope.StartAsync(clientOptions: new KubernetesClientOptions(), clientTime: time);
        var path = $"/api/v1/namespaces/{sim.Namespace}/configmaps/throttled";
        sim.Simulator.Faults.Add(new FaultRule("PATCH", path, 1.0, 429, RetryAfterSeconds: 3));

        var apply = sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "throttled"), new ApplyOptions("test"), None);
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(10));
        sim.Simulator.Faults.Clear();
        time.Advance(TimeSpan.FromSeconds(3));
        var applied = await apply.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("throttled", (string?)applied["metadata"]?["name"]);
        Assert.Equal([429, 201], sim.Simulator.RequestLog.Where(e => e.Path == path).Select(e => e.StatusCode));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_backoff_until_the_attempts_run_out()
    {
        var options = new KubernetesClientOptions
        {
            Retry = new RetryPolicy(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60)),
            Random = new Random(7),
        };
        var time = new RecordingTimeProvider(Start);
        await using var sim = await SimulatorScope.StartAsync(clientOptions: options, clientTime: time);
        var path = $"/api/v1/namespaces/{sim.Namespace}/configmaps/broken";
        sim.Simulator.Faults.Add(new FaultRule(null, path, 1.0, 500));

        var get = sim.Client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "broken"), None);
        static bool IsBackoff(TimeSpan d) => d >= TimeSpan.FromMilliseconds(500) && d <= TimeSpan.FromSeconds(3);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var seen = i;
            await Eventually.HoldsAsync(() => time.RequestedDelays.Count(IsBackoff) > seen, $"retry {seen + 1} waits");
            waits.Add(time.RequestedDelays.Where(IsBackoff).ElementAt(seen));
            time.Advance(waits[^1]);
        }

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => get.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(500, error.Code);
        Assert.Equal(4, sim.Simulator.RequestLog.Count(e => e.Path == path));
        Assert.InRange(waits[0], TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(waits[2], TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3));
        Assert.StartsWith($"ConfigMap {sim.Namespace}/broken: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_or_409_is_never_retried()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "owned", "a"), new ApplyOptions("one"), None);
        sim.Simulator.RequestLog.Clear();

        await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "owned", "b"), new ApplyOptions("two"), None));
        await sim.Client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "missing"), None);

        // The simulator logs a request after its response went out, so the log can trail the answer by a moment.
        await Eventually.HoldsAsync(() => sim.Simulator.RequestLog.Count >= 2, "both requests are in the log");
        Assert.Equal(2, sim.Simulator.RequestLog.Count);
    }

    [Fact]
    public async Task An_outage_that_ends_is_ridden_out()
    {
        await using var sim = await SimulatorScope.StartAsync(clientOptions: SimulatorScope.FastRetries with
        {
            Retry = new RetryPolicy(1000, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)),
        });
        sim.Simulator.Faults.Outage = true;

        var list = sim.Client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace), None);
        await Eventually.HoldsAsync(() => sim.Simulator.RequestLog.Count(e => e.StatusCode == 503) >= 3, "three requests failed");
        sim.Simulator.Faults.Outage = false;

        Assert.Empty((await list.WaitAsync(TimeSpan.FromSeconds(10))).Items);
    }

    [Fact]
    public async Task A_server_that_does_not_listen_is_a_transport_error_after_the_retries()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var endpoint = new ClusterEndpoint(new Uri($"http://127.0.0.1:{port}"), "closed", "default", [], false, null, new ClusterCredentials.Anonymous(), null);
        using var client = new KubernetesRestClient(endpoint, SimulatorScope.FastRetries with { Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(2)) });

        var error = await Assert.ThrowsAsync<KubernetesTransportException>(() => client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", "default", "x"), None));

        Assert.StartsWith($"GET http://127.0.0.1:{port}/api: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(after 3 attempts)", error.Message, StringComparison.Ordinal);
    }
}
