using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Dm.Aggregator.Notifications;
using Dm.Domain;
using Dm.Hosting;
using Dm.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dm.Playground;

/// <summary>
/// The playground's own notification receiver: a signed webhook on loopback that checks each delivery's signature,
/// keeps the last events (a page at <see cref="Address"/>, JSON at <c>events.json</c>) and prints each to the
/// playground's console, so a new user sees notifications arrive without an account anywhere.
/// </summary>
public sealed class PlaygroundReceiver : IAsyncDisposable
{
    /// <summary>The receiver's name in the playground's notifications.yaml.</summary>
    public const string ReceiverName = "playground";

    /// <summary>The playground's signing key (not a secret: it signs loopback traffic only).</summary>
    public const string SigningKey = "playground-signing-key";

    private const int Kept = 200;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DmEvent> _events = new();

    private PlaygroundReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The page listing the events received.</summary>
    public Uri Address { get; }

    /// <summary>Where the aggregator delivers (its webhook URL).</summary>
    public Uri WebhookUrl => new(Address, "notify");

    /// <summary>The events received, oldest first (the last 200).</summary>
    public IReadOnlyList<DmEvent> Events => [.. _events];

    public static async Task<PlaygroundReceiver> StartAsync(TextWriter? output, CancellationToken cancellationToken)
    {
        PlaygroundReceiver? receiver = null;
        var (app, address) = await LoopbackDaemonApp.StartAsync(LoopbackDaemonApp.CreateBuilder(0, null, null), app =>
        {
            app.MapPost("/notify", async (HttpContext http) =>
            {
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
                var body = buffer.ToArray();
                if (http.Request.Headers[ReceiverRequests.SignatureHeader].ToString() != ReceiverRequests.Signature(SigningKey, body))
                {
                    return Results.Problem("bad signature", statusCode: StatusCodes.Status401Unauthorized);
                }

                var e = JsonSerializer.Deserialize<DmEvent>(body, DmJson.Options)!;
                receiver!.Add(e);
                if (output is not null)
                {
                    await output.WriteLineAsync($"  notification    {e.Type}: {e.Message}");
                }

                return Results.Ok();
            });
            app.MapGet("/events.json", () => Results.Json(receiver!.Events, DmJson.Options));
            app.MapGet("/", () => Results.Content(receiver!.Page(), "text/html; charset=utf-8"));
        }, cancellationToken);
        receiver = new PlaygroundReceiver(app, address);
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Add(DmEvent e)
    {
        if (_events.Any(seen => seen.Id == e.Id))
        {
            return; // At-least-once delivery: a repeat of an id is ignored, as a receiver should.
        }

        _events.Enqueue(e);
        while (_events.Count > Kept)
        {
            _events.TryDequeue(out _);
        }
    }

    private string Page()
    {
        var rows = new StringBuilder();
        foreach (var e in _events.Reverse())
        {
            rows.Append("<tr><td>").Append(WebUtility.HtmlEncode(e.Time.ToString("u", System.Globalization.CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(e.Type))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(e.Environment ?? string.Empty))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(e.Message)).Append("</td></tr>\n");
        }

        return $$"""
            <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>DM playground notifications</title>
            <style>body{font-family:sans-serif;margin:2rem}td{padding:.2rem .6rem;border-bottom:1px solid #ddd}</style></head>
            <body><h1>Notifications received</h1><p>What DM's aggregator sent to the playground's webhook receiver (newest first; refreshes every 3 s).</p>
            <table><tr><th>time</th><th>type</th><th>environment</th><th>message</th></tr>
            {{rows}}</table></body></html>
            """;
    }
}
