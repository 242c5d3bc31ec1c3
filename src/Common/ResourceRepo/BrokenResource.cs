namespace Dm.ResourceRepo;

/// <summary>A resource that cannot be deployed at this revision, with every reason why.</summary>
public sealed record BrokenResource(
    string Environment,
    string Name,
    string? Version,
    IReadOnlyList<SourceFile> SourceFiles,
    IReadOnlyList<RepoError> Errors) : RepoResource(Environment, Name, Version, SourceFiles)
{
    public override string Fingerprint => "broken:" + string.Join("\n", Errors.Select(e => e.Message));
}
