namespace Dm.Aggregator.History;

/// <summary>Which events a history query wants; null parts match everything.</summary>
public sealed record HistoryFilter(string? Environment, string? Resource, string? Kind)
{
    public bool Matches(HistoryEvent e) =>
        (Kind is null || e.Kind == Kind)
        && (Environment is null || e.Environment == Environment || e.Source == Environment
            || (e.Paths?.Any(p => p.StartsWith(Environment + "/", StringComparison.Ordinal)) ?? false))
        && (Resource is null || e.Resource == Resource || e.Moves.Any(m => m.Resource == Resource));
}
