namespace Dm.Aggregator.Writes;

/// <summary>
/// What a rollback needs from git, read before the commit: the version it goes to (the request's, else the one the
/// history had before the current one; null when there is none) and that version's file (null when it is found nowhere).
/// </summary>
public sealed record RollbackInputs(string? Version, VersionContent? Content)
{
    /// <summary>Nothing read: the request is refused before any version is looked up.</summary>
    public static RollbackInputs None { get; } = new(null, null);
}
