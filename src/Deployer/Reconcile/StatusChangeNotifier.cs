using Dm.Hosting;
using Dm.Status;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// Tells <see cref="DeployerOptions.NotifyUrls"/> (<c>POST /api/refresh</c>, fire and forget) that an environment's status
/// moved, so the transitioner evaluates a <c>SourceClean</c> promotion when the source turns Clean rather than at its
/// next poll. Bursts coalesce on the receiver's side (its refresh signal).
/// </summary>
public sealed class StatusChangeNotifier(DeployerOptions options, ILogger<StatusChangeNotifier> logger) : IDisposable
{
    private readonly HttpClient _http = new();

    public void Notify(string environment, EnvironmentDeployStatus status)
    {
        if (options.NotifyUrls.Count == 0)
        {
            return;
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Environment {Environment} is {State} at {Revision}: telling {Count} daemons", environment, status.State, status.Revision, options.NotifyUrls.Count);
        }

        new RefreshNotifier(_http, logger).Notify(options.NotifyUrls, status.Revision ?? environment);
    }

    public void Dispose() => _http.Dispose();
}
