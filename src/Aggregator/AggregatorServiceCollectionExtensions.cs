using Dm.Aggregator.Auth;
using Dm.Aggregator.Events;
using Dm.Aggregator.History;
using Dm.Aggregator.Notifications;
using Dm.Aggregator.Refresh;
using Dm.Aggregator.Repo;
using Dm.Aggregator.State;
using Dm.Aggregator.Writes;
using Dm.Hosting;
using Dm.Hosting.Election;
using Dm.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator;

/// <summary>Registers the aggregator in a host (alone, or next to the other daemons in the playground).</summary>
public static class AggregatorServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AggregatorOptions"/> from <paramref name="configuration"/> (its <c>aggregator</c> section when
    /// present, else the root) and validates them at start; registers the mirror, the history index, the state, the writer, the loop and clients.
    /// </summary>
    public static IServiceCollection AddAggregator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaemonOptions<AggregatorOptions, AggregatorOptionsValidator>(configuration, AggregatorOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => DaemonMetrics.NewRegistry());
        services.TryAddSingleton<RefreshSignal>();
        services.TryAddSingleton<DaemonReadiness>();
        services.AddHttpClient<StatusClient>();
        services.AddHttpClient<DaemonNotifier>();
        // No request logging: a receiver URL often carries its token (Slack, Teams), and secrets never reach the logs.
        services.AddHttpClient(nameof(NotificationHub)).RemoveAllLoggers();
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<NotificationHub>();
        services.AddSingleton<RepoMirror>();
        services.AddSingleton<RepoModels>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
            var store = string.IsNullOrEmpty(options.CheckoutPath) ? null : new HistoryStore(Path.Combine(Path.GetFullPath(options.CheckoutPath), HistoryStore.FileName));
            return new HistoryIndex(store, sp.GetRequiredService<ILogger<HistoryIndex>>());
        });
        services.AddSingleton(sp => new EventHub(sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.EventBufferSize));
        services.AddSingleton<CurrentState>();
        services.AddSingleton<StatusReader>();
        services.AddSingleton<StateRefresher>();
        services.AddSingleton<RepoWriter>();
        services.AddSingleton<VersionLookup>();
        services.AddSingleton<TokenAuthenticator>();
        services.AddLeaderElection(sp => sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.LeaderElection);
        services.AddHostedService<AggregatorLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationHub>());
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => DmJson.Configure(o.SerializerOptions));
        services.AddOpenApi();
        return services;
    }
}
