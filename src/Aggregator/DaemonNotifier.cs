using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator;

/// <summary>Tells the other daemons the repo changed (<c>POST &lt;url&gt;/api/refresh</c>): fire and forget, short timeout, failures logged.</summary>
public sealed class DaemonNotifier(HttpClient http, IOptions<AggregatorOptions> options, ILogger<DaemonNotifier> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public void Notify()
    {
        foreach (var url in options.Value.NotifyUrls)
        {
            _ = NotifyAsync(url);
        }
    }

    private async Task NotifyAsync(Uri baseUrl)
    {
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/api/refresh");
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            using var response = await http.PostAsync(url, null, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Refresh notification to {Url} answered {Status}", url, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Refresh notification to {Url} failed: {Message}", url, ex.Message);
        }
    }
}
