using Dm.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Aggregator;

/// <summary>The aggregator as a <see cref="DaemonHost"/> in this process (playground, tests, benchmarks).</summary>
public static class AggregatorHost
{
    /// <summary>
    /// Starts an aggregator with <paramref name="configure"/>d options on 127.0.0.1:<paramref name="port"/>. Invalid
    /// options throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>; a taken port throws
    /// <see cref="IOException"/>.
    /// </summary>
    public static Task<DaemonHost> StartAsync(
        Action<AggregatorOptions> configure,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(configure);

        // Options come from code: bind from an empty configuration, then apply configure (options actions run in order).
        return DaemonHost.StartAsync(
            port,
            s =>
            {
                s.AddAggregator(new ConfigurationBuilder().Build());
                s.Configure(configure);
            },
            a => a.MapAggregator(),
            cancellationToken,
            timeProvider,
            logging);
    }
}
