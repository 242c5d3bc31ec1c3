namespace Dm.Aggregator.Writes;

/// <summary>CI's new version of a resource: its version file's values, the changelog, and the environment (null: the first source environment).</summary>
public sealed record NewVersion(string Resource, string Version, IReadOnlyDictionary<string, string>? Fields, string? Changelog, string? Env);
