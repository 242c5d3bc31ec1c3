using System.Globalization;
using System.Text;
using Dm.Aggregator.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.Api;

/// <summary>
/// <c>GET /api/events</c>: Server-Sent Events. Replays what followed <c>Last-Event-ID</c> (header, or <c>lastEventId</c>
/// query for clients that cannot set headers), then streams live deltas, with a <c>: heartbeat</c> comment when idle.
/// </summary>
public static class EventStream
{
    public static async Task StreamAsync(HttpContext http, EventHub events, IOptions<AggregatorOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var resumeText = http.Request.Headers["Last-Event-ID"].ToString();
        if (resumeText.Length == 0)
        {
            resumeText = http.Request.Query["lastEventId"].ToString();
        }

        long? resume = long.TryParse(resumeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = events.Subscribe(resume);
        await WriteAsync(http, "retry: 2000\n: connected\n\n", cancellationToken);
        foreach (var e in subscription.Replay)
        {
            await WriteAsync(http, Format(e), cancellationToken);
        }

        var heartbeat = options.Value.HeartbeatInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var wait = subscription.Live.WaitToReadAsync(idle.Token).AsTask();
                var beat = Task.Delay(heartbeat, time, idle.Token);
                var first = await Task.WhenAny(wait, beat);
                await idle.CancelAsync();
                if (first == beat)
                {
                    await WriteAsync(http, ": heartbeat\n\n", cancellationToken);
                    continue;
                }

                if (!await wait)
                {
                    return;
                }

                while (subscription.Live.TryRead(out var e))
                {
                    await WriteAsync(http, Format(e), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    public static string Format(StreamEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"id: {e.Id}\nevent: {e.Type}\ndata: {e.Data.ToJsonString()}\n\n");

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken cancellationToken)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
