using Dm.Transitioner.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Hosting;

/// <summary>
/// The daemon loop: a round, then wait for a refresh request, the poll interval, or the next fire time / window edge.
/// With leader election only the leader runs rounds; a standby checks again every retry period and at once when it
/// starts leading. A stop lets the round in flight finish (commit and push) for <see cref="TransitionerOptions.ShutdownGrace"/>,
/// then cancels it.
/// </summary>
public sealed class TransitionerWorker(TransitionerDaemon daemon, ILogger<TransitionerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var time = daemon.TimeProvider;
        var leadership = daemon.Leadership;
        leadership.Changed += OnLeadershipChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = daemon.Options.PollInterval;
                if (!leadership.IsLeader)
                {
                    // A standby is ready (it serves its endpoints; /readyz names the leader) and runs no round.
                    daemon.Readiness.MarkReady();
                    var retry = daemon.Options.LeaderElection.RetryPeriod;
                    wait = retry < wait ? retry : wait;
                }
                else
                {
                    try
                    {
                        var result = await RunRoundAsync(stoppingToken);
                        daemon.Readiness.MarkReady();
                        if (result.WakeAt is { } wake)
                        {
                            var untilWake = wake - time.GetUtcNow();
                            wait = untilWake < wait ? (untilWake > TimeSpan.Zero ? untilWake : TimeSpan.FromMilliseconds(1)) : wait;
                        }
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        logger.LogWarning("Stopping: the round in flight was abandoned after the shutdown grace of {ShutdownGrace}; what it had not pushed is not in git", daemon.Options.ShutdownGrace);
                        return;
                    }
                    catch (Exception ex)
                    {
                        // A round that cannot even fetch (remote down) is reported and retried; the daemon carries on.
                        logger.LogError(ex, "Transitioner round failed");
                        daemon.Readiness.MarkNotReady($"last round failed: {ex.Message}");
                    }
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
        finally
        {
            leadership.Changed -= OnLeadershipChanged;
        }
    }

    private void OnLeadershipChanged(bool leads)
    {
        if (leads)
        {
            daemon.Refresh.Request("leadership");
        }
    }

    /// <summary>One round on a token of its own: a stop gives it the shutdown grace to finish, then cancels it.</summary>
    private async Task<RoundResult> RunRoundAsync(CancellationToken stoppingToken)
    {
        using var round = new CancellationTokenSource(Timeout.InfiniteTimeSpan, daemon.TimeProvider);
        var grace = daemon.Options.ShutdownGrace;
        using var onStop = stoppingToken.Register(() => round.CancelAfter(grace));
        var result = await daemon.RunRoundAsync(commit: true, at: null, round.Token);
        stoppingToken.ThrowIfCancellationRequested();
        return result;
    }
}
