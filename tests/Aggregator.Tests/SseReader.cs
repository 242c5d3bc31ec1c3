using System.Text.Json.Nodes;

namespace Dm.Aggregator.Tests;

/// <summary>Reads a Server-Sent Events stream into (id, type, data) events and comments.</summary>
internal sealed class SseReader(StreamReader reader) : IDisposable
{
    public List<(long Id, string Type, JsonNode Data)> Events { get; } = [];

    public List<string> Comments { get; } = [];

    public static async Task<SseReader> OpenAsync(HttpClient client, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads until <paramref name="done"/> holds (10 s at most).</summary>
    public async Task ReadUntilAsync(Func<SseReader, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        long id = 0;
        string? type = null;
        string? data = null;
        while (!done(this))
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting until {what}; got {string.Join(", ", Events.Select(e => e.Type))}");
            }

            if (line is null)
            {
                throw new InvalidOperationException("the stream ended");
            }

            if (line.Length == 0)
            {
                if (type is not null && data is not null)
                {
                    Events.Add((id, type, JsonNode.Parse(data)!));
                }

                type = null;
                data = null;
            }
            else if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public void Dispose() => reader.Dispose();
}
