using Dm.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.State;

/// <summary>
/// Reads every configured deployer's and the transitioner's <c>/api/status</c> side by side; one that does not answer
/// is marked unavailable, with the reason, and the deployers that answered still count (<see cref="DeployerReads.Join"/>).
/// Called by one refresh round at a time.
/// </summary>
public sealed class StatusReader(StatusClient client, IOptions<AggregatorOptions> options, TimeProvider time, ILogger<StatusReader> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private IReadOnlyList<DeployerAvailability> _deployers = [];

    public async Task<StatusReports> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var deployerTasks = settings.AllDeployerUrls
            .Select(async url =>
            {
                var (report, failure) = await ReadAsync(url, (u, ct) => client.GetDeployerStatusAsync(u, ct), "deployer", cancellationToken);
                return new DeployerRead(url, report, failure);
            })
            .ToList();
        var transitionerTask = settings.TransitionerUrl is { } transitionerUrl
            ? ReadAsync(transitionerUrl, (u, ct) => client.GetTransitionerStatusAsync(u, ct), "transitioner", cancellationToken)
            : Task.FromResult<(TransitionerStatusReport?, string?)>((null, null));
        var (deployer, deployerAvailability, deployers) = DeployerReads.Join(await Task.WhenAll(deployerTasks), _deployers, now);
        _deployers = deployers;
        var (transitioner, transitionerFailure) = await transitionerTask;
        var transitionerAvailability = settings.TransitionerUrl is null
            ? SourceAvailability.NotConfigured
            : new SourceAvailability(true, transitioner is not null, transitionerFailure, now);
        return new StatusReports(deployer, deployerAvailability, deployers, transitioner, transitionerAvailability);
    }

    private async Task<(T? Report, string? Failure)> ReadAsync<T>(
        Uri url, Func<Uri, CancellationToken, Task<T>> read, string daemon, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            return (await read(url, timeout.Token), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The {Daemon} status at {Url} is unavailable: {Message}", daemon, url, ex.Message);
            return (null, $"{daemon} status unavailable at {url}: {ex.Message}");
        }
    }
}
