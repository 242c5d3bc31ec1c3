using Dm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Hosting;

/// <summary>
/// A transitioner running in this process, its loop included, on a loopback port of its own (0: any free port), with its
/// own services, so the playground and tests can run several daemons side by side. Same shape as the deployer's and
/// the aggregator's hosts.
/// </summary>
public sealed class TransitionerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _killed;

    private TransitionerHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Daemon = app.Services.GetRequiredService<TransitionerDaemon>();
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public TransitionerDaemon Daemon { get; }

    /// <summary>
    /// Starts a transitioner with <paramref name="configure"/>d options on 127.0.0.1:<paramref name="port"/> (which
    /// replaces <see cref="TransitionerOptions.ApiPort"/>). Invalid options throw
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> before anything starts.
    /// </summary>
    public static async Task<TransitionerHost> StartAsync(
        Action<TransitionerOptions> configure,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TransitionerOptions();
        configure(options);
        options.ApiPort = port;

        var builder = LoopbackDaemonApp.CreateBuilder(port, timeProvider, logging);
        builder.Services.AddTransitioner(options);
        var (app, baseAddress) = await LoopbackDaemonApp.StartAsync(builder, a => a.MapTransitioner(), cancellationToken);
        return new TransitionerHost(app, baseAddress);
    }

    /// <summary>
    /// Ends this transitioner without the orderly stop, as SIGKILL leaves it for the other replicas: the round in
    /// flight is cut off and the Lease is not released (a standby waits out its duration). For failover tests.
    /// </summary>
    public async ValueTask KillAsync()
    {
        _killed = true;
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_killed)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
