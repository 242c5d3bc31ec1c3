namespace Dm.ResourceRepo;

/// <summary>A repo file a resource was read from, with the blob id of its content.</summary>
public sealed record SourceFile(string Path, string BlobId);
