namespace Dm.System.Tests;

/// <summary>A commit that changed a resource's version file in one environment, and the version it set.</summary>
internal sealed record VersionChange(string Commit, string Version);
