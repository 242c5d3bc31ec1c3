namespace Dm.Git;

/// <summary>One blob in a git tree: its repo-relative path (forward slashes), blob id and size in bytes.</summary>
public sealed record TreeEntry(string Path, string BlobId, long Size);
