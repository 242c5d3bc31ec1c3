using Dm.Deployer.Reconcile;
using Dm.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Dm.Deployer.Hosting;

/// <summary>Registers the deployer in a host: options (validated at start), its loop, status and metrics. No static state, so several daemons can share a process.</summary>
public static class DeployerServiceCollectionExtensions
{
    /// <summary>Binds <see cref="DeployerOptions"/> from <paramref name="configuration"/> (the <c>Deployer</c> section, or the given section itself).</summary>
    public static IServiceCollection AddDeployer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaemonOptions<DeployerOptions, DeployerOptionsValidator>(configuration, DeployerOptions.Section);
        return services.AddDeployerCore();
    }

    /// <summary>Registers the deployer with options set in code (the playground, tests).</summary>
    public static IServiceCollection AddDeployer(this IServiceCollection services, Action<DeployerOptions> configure)
    {
        services.AddDaemonOptions<DeployerOptions, DeployerOptionsValidator>(configure);
        return services.AddDeployerCore();
    }

    private static IServiceCollection AddDeployerCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // The random source of the backoff jitter (Random.Shared is safe to share; tests may register a seeded one).
        services.TryAddSingleton(Random.Shared);
        services.TryAddSingleton(_ => DaemonMetrics.NewRegistry());
        services.TryAddSingleton<RefreshSignal>();
        services.TryAddSingleton<DaemonReadiness>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DeployerOptions>>().Value);
        services.AddSingleton(sp => new ClusterConnections(sp.GetRequiredService<DeployerOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<StatusChangeNotifier>();
        services.AddSingleton(sp => new DeployerStatusStore(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StatusChangeNotifier>().Notify));
        services.AddSingleton<DeployerMetrics>();
        services.AddSingleton<LeaderStatusView>();
        services.AddSingleton<EnvironmentReconciler>();
        services.AddSingleton(sp => new EnvironmentLeases(
            sp.GetRequiredService<DeployerOptions>().LeaderElection, sp.GetRequiredService<CollectorRegistry>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<DeployerEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<DeployerEngine>());
        return services;
    }
}
