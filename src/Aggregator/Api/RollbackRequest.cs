namespace Dm.Aggregator.Api;

/// <summary>Body of <c>POST /api/rollbacks</c>; without <see cref="Version"/> the previous version is used.</summary>
public sealed record RollbackRequest(string? Resource, string? Env, string? Version, string? Reason);
