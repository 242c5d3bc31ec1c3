using Dm.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.State;

/// <summary>Reads the configured deployer's and transitioner's <c>/api/status</c> side by side; one that does not answer is marked unavailable, with the reason.</summary>
public sealed class StatusReader(StatusClient client, IOptions<AggregatorOptions> options, TimeProvider time, ILogger<StatusReader> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<StatusReports> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deployerTask = ReadAsync(settings.DeployerUrl, (url, ct) => client.GetDeployerStatusAsync(url, ct), "deployer", cancellationToken);
        var transitionerTask = ReadAsync(settings.TransitionerUrl, (url, ct) => client.GetTransitionerStatusAsync(url, ct), "transitioner", cancellationToken);
        var (deployer, deployerAvailability) = await deployerTask;
        var (transitioner, transitionerAvailability) = await transitionerTask;
        return new StatusReports(deployer, deployerAvailability, transitioner, transitionerAvailability);
    }

    private async Task<(T? Report, SourceAvailability Availability)> ReadAsync<T>(
        Uri? url, Func<Uri, CancellationToken, Task<T>> read, string daemon, CancellationToken cancellationToken)
        where T : class
    {
        if (url is null)
        {
            return (null, SourceAvailability.NotConfigured);
        }

        var now = time.GetUtcNow();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            return (await read(url, timeout.Token), new SourceAvailability(true, true, null, now));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The {Daemon} status at {Url} is unavailable: {Message}", daemon, url, ex.Message);
            return (null, new SourceAvailability(true, false, $"{daemon} status unavailable: {ex.Message}", now));
        }
    }
}
