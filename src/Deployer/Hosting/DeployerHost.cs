using Dm.Deployer.Reconcile;
using Dm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Hosting;

/// <summary>The deployer as a <see cref="DaemonHost"/> in this process (playground, tests, benchmarks).</summary>
public static class DeployerHost
{
    /// <summary>Starts a deployer with <paramref name="configure"/>d options on 127.0.0.1:<paramref name="port"/>.</summary>
    public static Task<DaemonHost> StartAsync(
        Action<DeployerOptions> configure,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null) =>
        DaemonHost.StartAsync(port, s => s.AddDeployer(configure), a => a.MapDeployer(), cancellationToken, timeProvider, logging);

    extension(DaemonHost host)
    {
        /// <summary>The deployer's per-environment status (what <c>GET /api/status</c> serves).</summary>
        public DeployerStatusStore Status => host.Services.GetRequiredService<DeployerStatusStore>();

        /// <summary>Wakes the deployer's rounds, as <c>POST /api/refresh</c> does.</summary>
        public RefreshSignal Refresh => host.Services.GetRequiredService<RefreshSignal>();
    }
}
