namespace Dm.Aggregator.History;

/// <summary>A resource's version change in one environment: <see cref="From"/> is null when it had none.</summary>
public sealed record HistoryMove(string Resource, string? From, string To);
