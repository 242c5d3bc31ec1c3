using System.Threading.Channels;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// Pumps a watch in the background (as a real consumer would: the stream only advances while it is read) into a
/// channel the test reads with a timeout. Bookmarks are skipped unless asked for.
/// </summary>
public sealed class WatchRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();
    private readonly Task _pump;

    public WatchRecorder(IClusterClient client, ResourceQuery query, string? resourceVersion)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.WatchAsync(query, resourceVersion, _stop.Token))
                {
                    await _events.Writer.WriteAsync(e);
                }

                _events.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _events.Writer.TryComplete(e);
            }
        });
    }

    public async Task<WatchEvent> NextAsync(bool includeBookmarks = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            WatchEvent e;
            try
            {
                e = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no watch event within 10 s");
            }

            if (includeBookmarks || e.Type != WatchEventType.Bookmark)
            {
                return e;
            }
        }
    }

    /// <summary>Completes with the watch's failure (or throws a timeout).</summary>
    public async Task<Exception?> FailureAsync()
    {
        try
        {
            while (true)
            {
                await NextAsync(includeBookmarks: true);
            }
        }
        catch (ChannelClosedException e)
        {
            return e.InnerException;
        }
        catch (TimeoutException)
        {
            throw;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
