namespace Dm.ClusterSimulator.Store;

/// <summary>One field a server-side apply would take from another manager: the field as rendered and the owner as described.</summary>
internal sealed record FieldConflict(string Field, string Owner);
