namespace Dm.Aggregator.Api;

/// <summary>When and how a version first entered an environment.</summary>
public sealed record ResourceVersionEntry(DateTimeOffset Time, string Commit, string Kind);
