namespace Dm.Transitioner.Policy;

/// <summary>One file under an environment's <c>version/</c> folder.</summary>
/// <param name="RelativePath">Path below <c>&lt;env&gt;/version/</c> (e.g. <c>team/web.yaml</c>).</param>
/// <param name="Resource">Resource name (file name without extension).</param>
/// <param name="Version">The file's <c>version</c>, or null when it cannot be read.</param>
/// <param name="BlobId">Content id; two files with the same id have the same content.</param>
public sealed record VersionEntry(string RelativePath, string Resource, string? Version, string BlobId);
