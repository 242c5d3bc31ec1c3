namespace Dm.Aggregator.Api;

/// <summary>Body of <c>POST /api/versions</c>.</summary>
public sealed record VersionRequest(string? Resource, string? Version, IReadOnlyDictionary<string, string>? Fields, string? Changelog, string? Env);
