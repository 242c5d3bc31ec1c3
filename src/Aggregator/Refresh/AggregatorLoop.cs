using Dm.Aggregator.Repo;
using Dm.Aggregator.Writes;
using Dm.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.Refresh;

/// <summary>
/// Opens the repo at start (so the first requests see a state), then keeps state fresh: fetches the repo on a refresh
/// request (<c>POST /api/refresh</c>, webhook) or every poll interval, reads the mirror's head after this process's own
/// commits, and reads the daemons' status every status interval. A failed round is logged and the next one tries again.
/// </summary>
public sealed class AggregatorLoop(
    RepoMirror mirror, StateRefresher refresher, RefreshSignal signal, IOptions<AggregatorOptions> options, TimeProvider time, ILogger<AggregatorLoop> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await mirror.TryOpenAsync(cancellationToken))
        {
            await refresher.RefreshAsync(fetch: true, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var lastFetch = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var interval = settings.StatusInterval < settings.PollInterval ? settings.StatusInterval : settings.PollInterval;
                var reason = await signal.WaitAsync(interval, time, stoppingToken);
                if (!await mirror.TryOpenAsync(stoppingToken))
                {
                    continue;
                }

                var now = time.GetUtcNow();
                // After this process's own commit the mirror already has the head: no fetch needed to see it.
                var fetch = reason is not ("poll" or RepoWriter.RefreshReason) || now - lastFetch >= settings.PollInterval;
                if (fetch)
                {
                    lastFetch = now;
                }

                await refresher.RefreshAsync(fetch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or RepoUnavailableException)
            {
                logger.LogError(ex, "Aggregator round failed; trying again next round");
            }
        }
    }
}
