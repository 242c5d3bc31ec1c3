using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Hosting;

/// <summary>
/// One daemon (deployer, transitioner or aggregator) running in this process on a loopback port of its own (0: any
/// free port), with its own services, so the playground, tests and benchmarks can run several daemons side by side.
/// The daemons differ only in the services they add and the endpoints they map (<c>DeployerHost</c>,
/// <c>TransitionerHost</c> and <c>AggregatorHost</c> say which).
/// </summary>
public sealed class DaemonHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _ended;

    private DaemonHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a daemon on 127.0.0.1:<paramref name="port"/>: <paramref name="addServices"/> adds its services (and
    /// options, validated at start: invalid ones throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
    /// before anything runs), <paramref name="mapEndpoints"/> its endpoints. A taken port throws <see cref="IOException"/>.
    /// </summary>
    public static async Task<DaemonHost> StartAsync(
        int port,
        Action<IServiceCollection> addServices,
        Action<WebApplication> mapEndpoints,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(addServices);
        var builder = LoopbackDaemonApp.CreateBuilder(port, timeProvider, logging);
        addServices(builder.Services);
        var (app, baseAddress) = await LoopbackDaemonApp.StartAsync(builder, mapEndpoints, cancellationToken);
        return new DaemonHost(app, baseAddress);
    }

    /// <summary>
    /// Ends the daemon without the orderly stop, as SIGKILL leaves it for the other replicas: the work in flight is cut
    /// off and its Leases are not released (a standby waits out their duration). For failover tests.
    /// </summary>
    public async ValueTask KillAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        await _app.DisposeAsync();
    }

    /// <summary>Stops the daemon in order (the round in flight finishes or is abandoned, Leases released); a second call, or one after <see cref="KillAsync"/>, does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
