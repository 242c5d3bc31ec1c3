using System.Net;
using System.Text;
using Dm.Common.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// The simulator reports an expired watch version as an ERROR event; real API servers (without the watch cache) answer
/// the watch request itself with HTTP 410. A small scripted Kestrel server plays that server over loopback.
/// </summary>
public sealed class HttpGoneTests
{
    [Fact]
    public async Task An_http_410_on_opening_the_watch_relists_and_yields_only_what_changed()
    {
        var lists = 0;
        var watches = new List<string>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(async context =>
        {
            var request = context.Request;
            context.Response.ContentType = "application/json";
            switch (request.Path.Value)
            {
                case "/api":
                    await context.Response.WriteAsync("""{"kind":"APIVersions","versions":["v1"]}""");
                    return;
                case "/apis":
                    await context.Response.WriteAsync("""{"kind":"APIGroupList","groups":[]}""");
                    return;
                case "/api/v1":
                    await context.Response.WriteAsync("""{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get","list","watch"]}]}""");
                    return;
            }

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

            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("""{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns","uid":"u-c","resourceVersion":"21"}}}""" + "\n"));
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new ClusterEndpoint(new Uri(address), "scripted", "ns", [], false, null, new ClusterCredentials.Anonymous(), null);
        using var client = new KubernetesRestClient(endpoint, SimulatorScope.FastRetries);

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
        await app.StopAsync();
    }
}
