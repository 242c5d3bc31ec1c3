using Dm.Deployer.Reconcile;
using Dm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Hosting;

/// <summary>
/// A deployer running in this process on a loopback port of its own (0: any free port), with its own services, so the
/// playground and tests can run several daemons side by side.
/// </summary>
public sealed class DeployerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DeployerHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public DeployerStatusStore Status => _app.Services.GetRequiredService<DeployerStatusStore>();

    public RefreshSignal Refresh => _app.Services.GetRequiredService<RefreshSignal>();

    /// <summary>Starts a deployer with <paramref name="configure"/>d options on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<DeployerHost> StartAsync(
        Action<DeployerOptions> configure,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var builder = LoopbackDaemonApp.CreateBuilder(port, timeProvider, logging);
        builder.Services.AddDeployer(configure);
        var (app, baseAddress) = await LoopbackDaemonApp.StartAsync(builder, a => a.MapDeployer(), cancellationToken);
        return new DeployerHost(app, baseAddress);
    }

    /// <summary>Stops the deployer (its Leases released); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
