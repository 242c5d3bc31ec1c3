using Dm.Domain;

namespace Dm.ResourceRepo;

/// <summary>Limits that keep reading the resource repo safe on hostile or accidental input.</summary>
public sealed record ResourceRepoOptions
{
    /// <summary>Files larger than this are not parsed (error <see cref="Reasons.FileTooLarge"/>). Default 1 MiB.</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Alias uses (<c>*name</c>) allowed in one YAML document. Default 1,000.</summary>
    public int MaxAliasesPerDocument { get; init; } = 1_000;

    /// <summary>Nodes one YAML document may have with every alias expanded. Default 200,000.</summary>
    public long MaxNodesPerDocument { get; init; } = 200_000;

    /// <summary>Nesting depth of mappings and sequences in one document. Default 100.</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>How many resources are rendered at once when many need rendering. Default: the processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The defaults described on each property.</summary>
    public static ResourceRepoOptions Default { get; } = new();
}
