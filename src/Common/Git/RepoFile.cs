namespace Dm.Git;

/// <summary>One file of the resource repo at a revision. <see cref="BlobId"/> identifies the content, so parse results can be cached across revisions.</summary>
public sealed record RepoFile(string Path, string BlobId, ReadOnlyMemory<byte> Content);
