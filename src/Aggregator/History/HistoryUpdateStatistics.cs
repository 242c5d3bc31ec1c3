namespace Dm.Aggregator.History;

/// <summary>What one history index update did: events loaded from the stored index, commits read from git, whether the index was rebuilt.</summary>
public sealed record HistoryUpdateStatistics(int EventsLoaded, int CommitsRead, bool Rebuilt);
