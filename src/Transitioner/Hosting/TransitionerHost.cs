using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Hosting;

/// <summary>A running transitioner with its HTTP API on 127.0.0.1 (port from the options; 0 picks a free one).</summary>
public sealed class TransitionerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TransitionerHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Daemon = app.Services.GetRequiredService<TransitionerDaemon>();
    }

    public Uri BaseAddress { get; }

    public TransitionerDaemon Daemon { get; }

    /// <summary>Starts a transitioner; with <paramref name="runLoop"/> false rounds run only through <see cref="TransitionerDaemon.RunRoundAsync"/>.</summary>
    public static async Task<TransitionerHost> StartAsync(
        TransitionerOptions options,
        TimeProvider? timeProvider,
        ILoggerProvider? loggerProvider,
        bool runLoop,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.ApiPort}");
        builder.Logging.ClearProviders();
        if (loggerProvider is not null)
        {
            builder.Logging.AddProvider(loggerProvider);
        }

        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddTransitioner(options, runLoop);
        var app = builder.Build();
        app.MapTransitioner();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TransitionerHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
