using System.Collections.Concurrent;
using Dm.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Aggregator.Tests;

/// <summary>A stand-in deployer or transitioner on a loopback port: serves a settable <c>/api/status</c> and counts <c>POST /api/refresh</c>.</summary>
internal sealed class DaemonStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DaemonStub(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public object? Status { get; set; }

    public int StatusCode { get; set; } = 200;

    public ConcurrentQueue<DateTimeOffset> Refreshes { get; } = new();

    public static async Task<DaemonStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => DmJson.Configure(o.SerializerOptions));
        var app = builder.Build();
        DaemonStub? stub = null;
        app.MapGet("/api/status", () => stub!.StatusCode == 200 ? Results.Json(stub.Status, DmJson.Options) : Results.StatusCode(stub.StatusCode));
        app.MapPost("/api/refresh", () =>
        {
            stub!.Refreshes.Enqueue(DateTimeOffset.UtcNow);
            return Results.Accepted();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new DaemonStub(app, new Uri(address + "/"));
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
