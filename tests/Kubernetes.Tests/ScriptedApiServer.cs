using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// A Kestrel server on loopback that serves core-group discovery for ConfigMaps and hands every other request to the
/// test's script: for server behaviours the simulator does not produce (HTTP 410 on a watch, an expired continue
/// token, a silent stream). Still the real wire.
/// </summary>
public sealed class ScriptedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ScriptedApiServer> StartAsync(RequestDelegate script)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "application/json";
            switch (context.Request.Path.Value)
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
                default:
                    await script(context);
                    return;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScriptedApiServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
