using Dm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Aggregator;

/// <summary>
/// An aggregator running in this process on a loopback port of its own (0: any free port), with its own services, so
/// the playground, tests and benchmarks can run several daemons side by side. Same shape as the deployer's and the
/// transitioner's hosts.
/// </summary>
public sealed class AggregatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AggregatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts an aggregator with <paramref name="configure"/>d options on 127.0.0.1:<paramref name="port"/>. Invalid
    /// options throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>; a taken port throws
    /// <see cref="IOException"/>.
    /// </summary>
    public static async Task<AggregatorHost> StartAsync(
        Action<AggregatorOptions> configure,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = LoopbackDaemonApp.CreateBuilder(port, timeProvider, logging);

        // Options come from code: bind from an empty configuration, then apply configure (options actions run in order).
        builder.Services.AddAggregator(new ConfigurationBuilder().Build());
        builder.Services.Configure(configure);
        var (app, baseAddress) = await LoopbackDaemonApp.StartAsync(builder, a => a.MapAggregator(), cancellationToken);
        return new AggregatorHost(app, baseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
