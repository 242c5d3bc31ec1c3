namespace Dm.ResourceRepo;

/// <summary>
/// A resource of an environment: either rendered or broken. Both keep the resource visible, so a broken file is
/// reported and never mistaken for a deleted resource (nothing is pruned because of a typo).
/// </summary>
/// <param name="Environment">Environment folder.</param>
/// <param name="Name">Resource name (file name without extension).</param>
/// <param name="Version">The version file's <c>version</c>, or null for deployables (and when unreadable).</param>
/// <param name="SourceFiles">Files the resource comes from (base and version, or the deployable).</param>
public abstract record RepoResource(string Environment, string Name, string? Version, IReadOnlyList<SourceFile> SourceFiles)
{
    /// <summary>Changes whenever what DM would do with the resource changes: the content hash, or the errors.</summary>
    public abstract string Fingerprint { get; }

    /// <summary>The service's own repository and commit from the version file's <c>repo</c> and <c>commit</c>, or null.</summary>
    public VersionSource? Source { get; init; }
}
