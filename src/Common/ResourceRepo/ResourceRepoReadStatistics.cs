namespace Dm.ResourceRepo;

/// <summary>What the last <see cref="ResourceRepoReader.Read"/> did: files parsed vs. reused, resources rendered vs. reused.</summary>
public sealed record ResourceRepoReadStatistics(int FilesParsed, int FilesReused, int ResourcesRendered, int ResourcesReused)
{
    public static ResourceRepoReadStatistics None { get; } = new(0, 0, 0, 0);
}
