using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Hosting;

/// <summary>The daemon loop: a round, then wait for a refresh request, the poll interval, or the next fire time / window edge.</summary>
public sealed class TransitionerWorker(TransitionerDaemon daemon, ILogger<TransitionerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var time = daemon.TimeProvider;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = daemon.Options.PollInterval;
            try
            {
                var result = await daemon.RunRoundAsync(commit: true, at: null, stoppingToken);
                daemon.Readiness.MarkReady();
                if (result.WakeAt is { } wake)
                {
                    var untilWake = wake - time.GetUtcNow();
                    wait = untilWake < wait ? (untilWake > TimeSpan.Zero ? untilWake : TimeSpan.FromMilliseconds(1)) : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A round that cannot even fetch (remote down) is reported and retried; the daemon carries on.
                logger.LogError(ex, "Transitioner round failed");
                daemon.Readiness.MarkNotReady($"last round failed: {ex.Message}");
            }

            try
            {
                await daemon.Refresh.WaitAsync(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
