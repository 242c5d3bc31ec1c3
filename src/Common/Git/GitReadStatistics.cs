namespace Dm.Git;

/// <summary>Counters of a repository's read path, for tests and metrics.</summary>
/// <param name="CatFileProcessStarts">How many <c>git cat-file</c> batch processes were started (1 in steady state).</param>
/// <param name="BlobsRead">How many blobs were read from git (cache misses).</param>
/// <param name="CachedBlobs">How many blob contents the cache holds now.</param>
public sealed record GitReadStatistics(long CatFileProcessStarts, long BlobsRead, long CachedBlobs);
