using System.Text;
using Dm.Kubernetes;
using Microsoft.AspNetCore.Http;

namespace Dm.Kubernetes.Tests;

/// <summary>Server behaviours the simulator does not produce, played by <see cref="ScriptedApiServer"/>.</summary>
public sealed class HttpGoneTests
{
    private static KubernetesRestClient ClientFor(ScriptedApiServer server, TimeProvider? time = null) =>
        new(new ClusterEndpoint(server.Address, "scripted", "ns", [], false, null, new ClusterCredentials.Anonymous(), null), SimulatorScope.FastRetries, time);

    private static Task WriteEventAsync(HttpContext context, string json) =>
        context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json + "\n")).AsTask().ContinueWith(_ => context.Response.Body.FlushAsync(), TaskScheduler.Default).Unwrap();

    [Fact]
    public async Task An_http_410_on_opening_the_watch_relists_and_yields_only_what_changed()
    {
        var lists = 0;
        var watches = new List<string>();
        await using var server = await ScriptedApiServer.StartAsync(async context =>
        {
            var request = context.Request;
            if (request.Query["watch"] != "true")
            {
                var first = Interlocked.Increment(ref lists) == 1;
                await context.Response.WriteAsync(first
                    ? """{"kind":"ConfigMapList","metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"a","namespace":"ns","uid":"u-a","resourceVersion":"5"}}]}"""
                    : """{"kind":"ConfigMapList","metadata":{"resourceVersion":"20"},"items":[{"metadata":{"name":"a","namespace":"ns","uid":"u-a","resourceVersion":"5"}},{"metadata":{"name":"b","namespace":"ns","uid":"u-b","resourceVersion":"15"}}]}""");
                return;
            }

            var version = request.Query["resourceVersion"].ToString();
            lock (watches)
            {
                watches.Add(version);
            }

            if (version == "10")
            {
                context.Response.StatusCode = 410;
                await context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 10 (18)","reason":"Expired","code":410}""");
                return;
            }

            await WriteEventAsync(context, """{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns","uid":"u-c","resourceVersion":"21"}}}""");
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var client = ClientFor(server);

        var seen = new List<WatchEvent>();
        await using (var events = new WatchRecorder(client, new ResourceQuery(string.Empty, "ConfigMap", "ns"), null))
        {
            for (var i = 0; i < 3; i++)
            {
                seen.Add(await events.NextAsync());
            }
        }

        Assert.Equal(
            [(WatchEventType.Added, "a", false), (WatchEventType.Added, "b", true), (WatchEventType.Added, "c", false)],
            seen.Select(e => (e.Type, (string)e.Resource["metadata"]!["name"]!, e.Resynced)));
        Assert.Equal("ConfigMap", (string?)seen[1].Resource["kind"]);
        Assert.Equal(["10", "20"], watches);
    }

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list_from_the_first_page()
    {
        var requests = new List<string>();
        await using var server = await ScriptedApiServer.StartAsync(async context =>
        {
            var query = context.Request.QueryString.Value ?? string.Empty;
            int count;
            lock (requests)
            {
                requests.Add(query);
                count = requests.Count;
            }

            var continueToken = context.Request.Query["continue"].ToString();
            if (continueToken.Length == 0)
            {
                await context.Response.WriteAsync($$$"""{"kind":"ConfigMapList","metadata":{"resourceVersion":"{{{count}}}","continue":"page2-{{{count}}}"},"items":[{"metadata":{"name":"first-{{{count}}}","namespace":"ns"}}]}""");
            }
            else if (continueToken == "page2-1")
            {
                context.Response.StatusCode = 410;
                await context.Response.WriteAsync("""{"kind":"Status","status":"Failure","message":"The provided continue parameter is too old","reason":"Expired","code":410}""");
            }
            else
            {
                await context.Response.WriteAsync($$$"""{"kind":"ConfigMapList","metadata":{"resourceVersion":"{{{count}}}"},"items":[{"metadata":{"name":"second","namespace":"ns"}}]}""");
            }
        });
        using var client = ClientFor(server);

        var list = await client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap", "ns", PageSize: 1), CancellationToken.None);

        Assert.Equal(["first-3", "second"], list.Items.Select(i => (string?)i["metadata"]?["name"]));
        Assert.Equal(4, requests.Count);
    }

    [Fact]
    public async Task A_watch_stream_silent_past_the_idle_timeout_is_reopened()
    {
        var watches = 0;
        await using var server = await ScriptedApiServer.StartAsync(async context =>
        {
            if (context.Request.Query["watch"] != "true")
            {
                await context.Response.WriteAsync("""{"kind":"ConfigMapList","metadata":{"resourceVersion":"7"},"items":[]}""");
                return;
            }

            if (Interlocked.Increment(ref watches) == 1)
            {
                await context.Response.StartAsync();
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await WriteEventAsync(context, """{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late","namespace":"ns","uid":"u","resourceVersion":"8"}}}""");
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var time = new RecordingTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var client = ClientFor(server, time);
        await using var events = new WatchRecorder(client, new ResourceQuery(string.Empty, "ConfigMap", "ns"), null);

        await time.WaitForTimerAsync(d => d == new KubernetesClientOptions().WatchIdleTimeout).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(new KubernetesClientOptions().WatchIdleTimeout);

        // The dead stream ended without events, so the client backs off (a short, manual-clock wait) before reopening.
        var backoff = await time.WaitForTimerAsync(d => d > TimeSpan.Zero && d <= TimeSpan.FromMilliseconds(20)).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(backoff);
        var late = await events.NextAsync();

        Assert.Equal("late", (string?)late.Resource["metadata"]?["name"]);
        Assert.Equal(2, Volatile.Read(ref watches));
    }
}
