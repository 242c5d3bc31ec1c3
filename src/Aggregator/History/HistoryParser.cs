using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Aggregator.History;

/// <summary>
/// Pure: a commit in, the events it stands for out, in the order they were applied (from DM trailers, else from the
/// paths it changed). A batched commit (<see cref="BatchCommitMessage"/>) is one event per section, each with its own
/// trailers and body; any other commit is one event, read from its last paragraph's trailers as always.
/// </summary>
public static class HistoryParser
{
    public static IReadOnlyList<HistoryEvent> Parse(GitCommit commit)
    {
        var sections = BatchCommitMessage.Sections(commit.Message);
        if (sections.Count == 1)
        {
            return [ParseOne(commit)];
        }

        return sections
            .Select((section, part) =>
            {
                var e = ParseOne(commit with { Message = section, Trailers = CommitMessage.ParseTrailers(section) });
                return e with { Part = part, Author = e.By ?? e.Author };
            })
            .ToList();
    }

    private static HistoryEvent ParseOne(GitCommit commit)
    {
        var trailers = commit.Trailers;
        string? Get(string key) => trailers.LastOrDefault(t => t.Key.Equals(key, StringComparison.OrdinalIgnoreCase))?.Value;
        var action = Get(DmTrailers.Action);
        var body = Body(commit.Message, trailers.Count > 0);
        if (action is null)
        {
            return ManualEdit(commit, body);
        }

        var moves = trailers
            .Where(t => t.Key.Equals(DmTrailers.Move, StringComparison.OrdinalIgnoreCase))
            .Select(t => DmTrailers.ParseMove(t.Value))
            .Where(m => m is not null)
            .Select(m => new HistoryMove(m!.Value.Resource, m.Value.From, m.Value.To))
            .ToList();
        var resource = Get(DmTrailers.Resource);
        var version = Get(DmTrailers.Version);
        if (action == DmTrailers.ActionNewVersion && resource is not null && version is not null && moves.Count == 0)
        {
            moves.Add(new HistoryMove(resource, null, version));
        }

        if (resource is null && moves.Count == 1)
        {
            resource = moves[0].Resource;
        }

        return new HistoryEvent(
            commit.Id,
            commit.CommitterTime,
            commit.Author.Name,
            action,
            commit.Subject,
            Get(DmTrailers.Environment) ?? Get(DmTrailers.Target),
            resource,
            version ?? (moves.Count == 1 ? moves[0].To : null),
            Get(DmTrailers.Transition),
            Get(DmTrailers.Source),
            moves,
            body,
            Get(DmTrailers.By),
            null);
    }

    private static HistoryEvent ManualEdit(GitCommit commit, string? body)
    {
        var paths = commit.ChangedPaths.Select(p => p.Path).ToList();
        var environments = paths.Select(p => p.Split('/')).Where(s => s.Length > 1).Select(s => s[0]).Distinct(StringComparer.Ordinal).ToList();
        var resources = paths
            .Select(p => p.Split('/'))
            .Where(s => s.Length > 2 && s[1] is "version" or "base" or "deployable")
            .Select(s => Path.GetFileNameWithoutExtension(s[^1]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new HistoryEvent(
            commit.Id,
            commit.CommitterTime,
            commit.Author.Name,
            HistoryEventKinds.ManualEdit,
            commit.Subject,
            environments.Count == 1 ? environments[0] : null,
            resources.Count == 1 ? resources[0] : null,
            null,
            null,
            null,
            [],
            body,
            null,
            paths);
    }

    /// <summary>The message without its subject and (when present) its trailer block.</summary>
    private static string? Body(string message, bool hasTrailers)
    {
        var paragraphs = message.ReplaceLineEndings("\n").TrimEnd('\n', ' ').Split("\n\n").ToList();
        paragraphs.RemoveAt(0);
        if (hasTrailers && paragraphs.Count > 0)
        {
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }

        var body = string.Join("\n\n", paragraphs).Trim('\n');
        return body.Length == 0 ? null : body;
    }
}
