using Dm.Hosting;
using Dm.Hosting.Election;
using Dm.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dm.Transitioner.Hosting;

/// <summary>Registers the transitioner in a host.</summary>
public static class TransitionerServices
{
    /// <summary>Binds <see cref="TransitionerOptions"/> from <paramref name="configuration"/>'s <c>Transitioner</c> section (validated at start) and adds the daemon and its loop.</summary>
    public static IServiceCollection AddTransitioner(this IServiceCollection services, IConfiguration configuration, bool runLoop = true)
    {
        services.AddDaemonOptions<TransitionerOptions, TransitionerOptionsValidator>(configuration, TransitionerOptions.Section);
        return services.AddTransitionerCore(runLoop);
    }

    /// <summary>Adds the daemon with options set in code (the playground composes daemons this way); validated at start.</summary>
    public static IServiceCollection AddTransitioner(this IServiceCollection services, Action<TransitionerOptions> configure, bool runLoop = true)
    {
        services.AddDaemonOptions<TransitionerOptions, TransitionerOptionsValidator>(configure);
        return services.AddTransitionerCore(runLoop);
    }

    private static IServiceCollection AddTransitionerCore(this IServiceCollection services, bool runLoop)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TransitionerDaemon>();
        services.ConfigureHttpJsonOptions(o => DmJson.Configure(o.SerializerOptions));
        if (runLoop)
        {
            // The elector first: hosts stop services in reverse order, so the loop finishes its round before the Lease is released.
            services.AddLeaderElection(sp => sp.GetRequiredService<IOptions<TransitionerOptions>>().Value.LeaderElection);
            services.AddOptions<HostOptions>().Configure<IOptions<TransitionerOptions>>((host, transitioner) =>
                host.ShutdownTimeout = transitioner.Value.ShutdownGrace + transitioner.Value.LeaderElection.RetryPeriod + TimeSpan.FromSeconds(5));
            services.AddHostedService<TransitionerWorker>();
        }
        else
        {
            services.AddSingleton(Leadership.Unelected());
        }

        return services;
    }
}
