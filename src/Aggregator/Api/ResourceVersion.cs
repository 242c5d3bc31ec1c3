namespace Dm.Aggregator.Api;

/// <summary>A version of a resource: where it was first recorded, its changelog, and when it entered each environment.</summary>
public sealed record ResourceVersion(
    string Version,
    string? Changelog,
    string Commit,
    DateTimeOffset Time,
    string Author,
    IReadOnlyDictionary<string, ResourceVersionEntry> Environments);
