namespace Dm.Git;

/// <summary>Which history to walk: a revision or range (default: the branch head), optional paths, optional limit.</summary>
public sealed record LogQuery
{
    /// <summary>A revision (<c>abc123</c>) or range (<c>old..new</c>); null means the repository's branch.</summary>
    public string? Revision { get; init; }

    /// <summary>Only commits touching these paths (files or directories); changed paths are limited to them too.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>At most this many commits.</summary>
    public int? MaxCount { get; init; }
}
