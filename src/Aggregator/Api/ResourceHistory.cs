using Dm.Aggregator.History;
using Dm.Aggregator.State;

namespace Dm.Aggregator.Api;

/// <summary>Pure: a resource's history events (newest first) and its current cells into <see cref="ResourceResponse"/>.</summary>
public static class ResourceHistory
{
    public static ResourceResponse Build(string resource, IReadOnlyList<HistoryEvent> newestFirst, IReadOnlyDictionary<string, ResourceCell> current)
    {
        var versions = new Dictionary<string, (HistoryEvent First, string? Changelog, Dictionary<string, ResourceVersionEntry> Entered)>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var e = newestFirst[i];
            foreach (var move in e.Moves.Where(m => m.Resource == resource))
            {
                if (!versions.TryGetValue(move.To, out var entry))
                {
                    entry = (e, e.Kind == HistoryEventKinds.NewVersion ? e.Changelog : null, new Dictionary<string, ResourceVersionEntry>(StringComparer.Ordinal));
                    versions[move.To] = entry;
                    order.Add(move.To);
                }
                else if (entry.Changelog is null && e.Kind == HistoryEventKinds.NewVersion)
                {
                    versions[move.To] = entry = entry with { Changelog = e.Changelog };
                }

                if (e.Environment is not null)
                {
                    entry.Entered.TryAdd(e.Environment, new ResourceVersionEntry(e.Time, e.Commit, e.Kind));
                }
            }
        }

        var list = order.AsEnumerable().Reverse()
            .Select(v => versions[v])
            .Select(v => new ResourceVersion(
                v.First.Moves.First(m => m.Resource == resource).To, v.Changelog, v.First.Commit, v.First.Time, v.First.Author, v.Entered))
            .ToList();
        return new ResourceResponse(resource, current, list);
    }
}
