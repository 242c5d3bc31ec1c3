using Dm.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator;

/// <summary>Tells the configured daemons (<c>notifyUrls</c>) that the aggregator committed; see <see cref="RefreshNotifier"/>.</summary>
public sealed class DaemonNotifier(HttpClient http, IOptions<AggregatorOptions> options, ILogger<DaemonNotifier> logger)
{
    private readonly RefreshNotifier _notifier = new(http, logger);

    public void Notify(string revision) => _notifier.Notify(options.Value.NotifyUrls, revision);
}
