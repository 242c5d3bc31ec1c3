namespace Dm.Aggregator.Writes;

/// <summary>A version file's bytes as found in the repo (an environment now, or a past commit), and its path below <c>version/</c>.</summary>
public sealed record VersionContent(string Version, string RelativePath, ReadOnlyMemory<byte> Content, string FoundIn);
