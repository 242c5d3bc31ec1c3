namespace Dm.ClusterSimulator.Store;

/// <summary>One page of a LIST.</summary>
internal sealed record ListResult(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
