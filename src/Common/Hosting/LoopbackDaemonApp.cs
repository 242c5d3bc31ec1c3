using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Hosting;

/// <summary>
/// The web application of a daemon hosted in this process (the deployer's, transitioner's and aggregator's hosts): on
/// 127.0.0.1 at a port of its own (0: any free port), logging only through the given hook, the given clock.
/// </summary>
public static class LoopbackDaemonApp
{
    /// <summary>A builder listening on 127.0.0.1:<paramref name="port"/>; the daemon adds its services to it.</summary>
    public static WebApplicationBuilder CreateBuilder(int port, TimeProvider? timeProvider, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        return builder;
    }

    /// <summary>
    /// Builds the app, maps the daemon's endpoints and starts it; returns it with the address it listens on. When it
    /// cannot start (invalid options, a taken port) what was built is released before the error is thrown.
    /// </summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(
        WebApplicationBuilder builder,
        Action<WebApplication> mapEndpoints,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mapEndpoints);
        var app = builder.Build();
        try
        {
            mapEndpoints(app);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return (app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
