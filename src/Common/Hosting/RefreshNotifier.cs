using Microsoft.Extensions.Logging;

namespace Dm.Hosting;

/// <summary>
/// Tells other daemons the resource repo changed (<c>POST &lt;base&gt;/api/refresh</c>) right after a writer committed:
/// fire and forget with a short timeout; a daemon that does not answer is logged, never waited for (it also polls).
/// One that is not running (connection refused) is only worth an information line; an error or a timeout is a warning.
/// </summary>
public sealed class RefreshNotifier(HttpClient http, ILogger logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public void Notify(IEnumerable<Uri> daemons, string revision)
    {
        foreach (var daemon in daemons)
        {
            _ = NotifyAsync(daemon, revision);
        }
    }

    private async Task NotifyAsync(Uri daemon, string revision)
    {
        var url = new Uri(daemon.AbsoluteUri.TrimEnd('/') + "/api/refresh");
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            using var response = await http.PostAsync(url, null, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Refresh of {Url} after {Revision} answered {Status}", url, revision, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // Not running (yet, or being restarted): it reads the repo when it starts and at every poll, so nothing is missed.
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Refresh of {Url} after {Revision} not delivered: {Error}; it sees the commit at its next read", url, revision, ex.Message);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            logger.LogWarning("Refresh of {Url} after {Revision} failed: {Error}", url, revision, ex.Message);
        }
    }
}
