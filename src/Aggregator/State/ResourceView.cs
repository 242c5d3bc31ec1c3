namespace Dm.Aggregator.State;

/// <summary>A resource row of <c>GET /api/state</c>, keyed by environment.</summary>
public sealed record ResourceView(string Name, IReadOnlyDictionary<string, ResourceCell> Environments);
