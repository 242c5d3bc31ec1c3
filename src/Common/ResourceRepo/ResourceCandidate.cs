using Dm.Git;

namespace Dm.ResourceRepo;

/// <summary>A resource as found in the repo before rendering: one deployable, or a base and/or version file.</summary>
internal sealed record ResourceCandidate(string Name, RepoFile? Deployable, RepoFile? Base, RepoFile? Version)
{
    public RepoFile Primary => Deployable ?? Base ?? Version!;

    public IReadOnlyList<SourceFile> Sources
    {
        get
        {
            var sources = new List<SourceFile>(2);
            foreach (var file in new[] { Deployable, Base, Version })
            {
                if (file is not null)
                {
                    sources.Add(new SourceFile(file.Path, file.BlobId));
                }
            }

            return sources;
        }
    }

    /// <summary>True when <paramref name="other"/> has the same files (paths and blob ids).</summary>
    public bool SameFiles(ResourceCandidate other) =>
        Same(Deployable, other.Deployable) && Same(Base, other.Base) && Same(Version, other.Version);

    private static bool Same(RepoFile? a, RepoFile? b) =>
        a is null ? b is null : b is not null && a.Path == b.Path && a.BlobId == b.BlobId;
}
