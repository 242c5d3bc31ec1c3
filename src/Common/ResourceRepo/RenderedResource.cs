namespace Dm.ResourceRepo;

/// <summary>A resource whose manifests rendered; <see cref="ContentHash"/> is SHA-256 (hex) of their canonical JSON.</summary>
public sealed record RenderedResource(
    string Environment,
    string Name,
    string? Version,
    IReadOnlyList<SourceFile> SourceFiles,
    IReadOnlyList<RenderedManifest> Manifests,
    string ContentHash) : RepoResource(Environment, Name, Version, SourceFiles)
{
    public override string Fingerprint => ContentHash;
}
