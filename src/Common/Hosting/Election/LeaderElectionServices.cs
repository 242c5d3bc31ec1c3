using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dm.Hosting.Election;

/// <summary>Registers leader election in a daemon's host.</summary>
public static class LeaderElectionServices
{
    /// <summary>
    /// Adds a <see cref="Leadership"/> singleton and the hosted <see cref="LeaderElectionService"/> that keeps it, for
    /// the options <paramref name="select"/> picks (read when the host starts, after validation). Call before adding the
    /// hosted services the leadership gates (they then stop first). Disabled options give an unelected leadership.
    /// </summary>
    public static IServiceCollection AddLeaderElection(this IServiceCollection services, Func<IServiceProvider, LeaderElectionOptions> select)
    {
        services.AddSingleton(sp =>
        {
            var options = select(sp);
            if (!options.Enabled)
            {
                return new LeaderElectionService(null, TimeSpan.Zero);
            }

            var time = sp.GetRequiredService<TimeProvider>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var client = LeaderElectionService.CreateClient(options, time, loggers);
            var identity = options.EffectiveIdentity(Environment.GetEnvironmentVariable);
            var elector = new LeaseElector(client, options, options.LeaseName, identity, time, loggers.CreateLogger<LeaseElector>());
            return new LeaderElectionService(elector, options.RetryPeriod, client);
        });
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<LeaderElectionService>());
        services.AddSingleton(sp => sp.GetRequiredService<LeaderElectionService>().Leadership);
        return services;
    }
}
