namespace Dm.Aggregator.History;

/// <summary>Body of <c>GET /api/history</c>: events newest first; pass <see cref="Next"/> as <c>before</c> for the next page (null at the end).</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEvent> Events, string? Next);
