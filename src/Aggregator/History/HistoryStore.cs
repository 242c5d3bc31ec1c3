using System.Text;
using System.Text.Json;
using Dm.Status;

namespace Dm.Aggregator.History;

/// <summary>
/// The history index on disk, so a restart does not read the whole branch again: a JSON-lines file, a header line,
/// then the events oldest first, each batch of appended events followed by a line naming the commit indexed up to
/// (<c>{"head": "…", "count": n}</c>). Only events before the last complete head line count, so a torn append
/// is harmless. New events are appended; a rebuilt index (rewritten history) rewrites the file.
/// </summary>
public sealed class HistoryStore(string path)
{
    /// <summary>The file the index is kept in, inside the mirror's git directory (git ignores it).</summary>
    public const string FileName = "dm-history-index.jsonl";

    private const int FormatVersion = 1;

    public string Path { get; } = path;

    /// <summary>The stored events and the commit they go up to; null when there is no usable file.</summary>
    public async Task<(IReadOnlyList<HistoryEvent> Events, string Head)?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var events = new List<HistoryEvent>();
        var (head, count) = ((string?)null, 0);
        using var reader = new StreamReader(Path, Encoding.UTF8);
        var header = await reader.ReadLineAsync(cancellationToken);
        if (header is null || JsonSerializer.Deserialize<Header>(header, DmJson.Options) is not { Version: FormatVersion })
        {
            return null;
        }

        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("{\"head\":", StringComparison.Ordinal))
            {
                var marker = JsonSerializer.Deserialize<HeadLine>(line, DmJson.Options);
                if (marker is null || marker.Count != events.Count)
                {
                    break;
                }

                (head, count) = (marker.Head, marker.Count);
                continue;
            }

            if (JsonSerializer.Deserialize<HistoryEvent>(line, DmJson.Options) is not { } e)
            {
                break;
            }

            events.Add(e);
        }

        return head is null ? null : (events.GetRange(0, count), head);
    }

    /// <summary>Writes the whole index (after a rebuild), replacing the file atomically.</summary>
    public async Task WriteAsync(IReadOnlyList<HistoryEvent> events, string head, CancellationToken cancellationToken)
    {
        var temporary = Path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await WriteLinesAsync(stream, JsonSerializer.Serialize(new Header(FormatVersion), DmJson.Options), events, new HeadLine(head, events.Count), cancellationToken);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Appends events indexed after the stored ones, and the new head (the total count checks it).</summary>
    public async Task AppendAsync(IReadOnlyList<HistoryEvent> events, string head, int total, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.None);
        await WriteLinesAsync(stream, null, events, new HeadLine(head, total), cancellationToken);
    }

    private static async Task WriteLinesAsync(Stream stream, string? header, IReadOnlyList<HistoryEvent> events, HeadLine head, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (header is not null)
        {
            text.Append(header).Append('\n');
        }

        foreach (var e in events)
        {
            text.Append(JsonSerializer.Serialize(e, DmJson.Options)).Append('\n');
        }

        text.Append(JsonSerializer.Serialize(head, DmJson.Options)).Append('\n');
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private sealed record Header(int Version);

    private sealed record HeadLine(string Head, int Count);
}
