using System.Text;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Transitioner.Policy;

/// <summary>
/// The commit message of a promotion: header <c>Promote &lt;source&gt; → &lt;target&gt;: s1 23 → 42, ...</c>, one
/// section per resource (<c>s1: 23 → 42</c> followed by its changelog entries, newest first, indented), notes on what
/// was held back, and the DM trailers. <see cref="ParseChangelog"/> reads a section back, so a later promotion along a
/// chain carries the changelogs forward.
/// </summary>
public static class PromotionMessage
{
    /// <summary>The header names at most this many resources; more are summarised as "and N more".</summary>
    public const int HeaderResources = 5;

    /// <summary>Promotions of more resources than this list versions without reading changelogs (history walks would dominate).</summary>
    public const int MaxChangelogResources = 100;

    public static string Format(
        TransitionDefinition transition,
        IReadOnlyList<ResourceMove> moves,
        IReadOnlyDictionary<string, IReadOnlyList<ChangelogEntry>> changelogs,
        IReadOnlyList<string> notes)
    {
        var output = new StringBuilder();
        var shown = moves.Count > HeaderResources ? moves.Take(HeaderResources - 2).ToList() : moves;
        output.Append("Promote ").Append(transition.Source).Append(" → ").Append(transition.Target).Append(": ");
        output.Append(string.Join(", ", shown.Select(m => $"{m.Resource} {m.From ?? "(new)"} → {m.To}")));
        if (shown.Count < moves.Count)
        {
            output.Append(" and ").Append(moves.Count - shown.Count).Append(" more");
        }

        output.Append("\n\n");
        foreach (var move in moves)
        {
            output.Append(move.Resource).Append(": ").Append(move.From ?? "(new)").Append(" → ").Append(move.To).Append('\n');
            if (changelogs.TryGetValue(move.Resource, out var entries))
            {
                foreach (var entry in entries)
                {
                    var lines = Lines(entry.Text);
                    output.Append("  ").Append(entry.Version).Append(": ").Append(lines.Count > 0 ? lines[0] : "(no changelog)").Append('\n');
                    foreach (var line in lines.Skip(1))
                    {
                        output.Append("    ").Append(line).Append('\n');
                    }
                }
            }
        }

        if (notes.Count > 0)
        {
            output.Append("\nHeld back:\n");
            foreach (var note in notes)
            {
                output.Append("- ").Append(OneLine(note)).Append('\n');
            }
        }

        output.Append('\n');
        output.Append(DmTrailers.Action).Append(": ").Append(DmTrailers.ActionTransition).Append('\n');
        output.Append(DmTrailers.Transition).Append(": ").Append(transition.Name).Append('\n');
        output.Append(DmTrailers.Source).Append(": ").Append(transition.Source).Append('\n');
        output.Append(DmTrailers.Target).Append(": ").Append(transition.Target).Append('\n');
        foreach (var move in moves)
        {
            output.Append(DmTrailers.Move).Append(": ").Append(DmTrailers.FormatMove(move.Resource, move.From, move.To)).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>The changelog entries a promotion message lists for <paramref name="resource"/> (empty when none).</summary>
    public static IReadOnlyList<ChangelogEntry> ParseChangelog(string message, string resource)
    {
        var entries = new List<ChangelogEntry>();
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, 1, l => l.StartsWith(resource + ": ", StringComparison.Ordinal));
        if (start < 0)
        {
            return entries;
        }

        string? version = null;
        var text = new StringBuilder();
        for (var i = start + 1; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
        {
            var line = lines[i];
            if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                text.Append('\n').Append(line[4..]);
                continue;
            }

            if (version is not null)
            {
                entries.Add(new ChangelogEntry(version, text.ToString()));
            }

            var body = line[2..];
            var colon = body.IndexOf(": ", StringComparison.Ordinal);
            version = colon < 0 ? body : body[..colon];
            text.Clear().Append(colon < 0 ? string.Empty : body[(colon + 2)..]);
        }

        if (version is not null)
        {
            entries.Add(new ChangelogEntry(version, text.ToString()));
        }

        return entries;
    }

    /// <summary>The human part of a commit message: subject and body without the trailer paragraph.</summary>
    public static string HumanText(string message, bool includeSubject)
    {
        var text = message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ');
        if (CommitMessage.ParseTrailers(text).Count > 0)
        {
            var last = text.LastIndexOf("\n\n", StringComparison.Ordinal);
            text = last < 0 ? text : text[..last];
        }

        if (!includeSubject)
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            text = newline < 0 ? string.Empty : text[(newline + 1)..];
        }

        return string.Join('\n', Lines(text));
    }

    private static List<string> Lines(string text) =>
        [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0)];

    private static string OneLine(string text) => string.Join(' ', Lines(text));
}
