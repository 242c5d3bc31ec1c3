namespace Dm.Git;

/// <summary>A path that changed; <see cref="OldPath"/> is set for renames and copies.</summary>
public sealed record ChangedPath(ChangeKind Kind, string Path, string? OldPath = null)
{
    /// <summary>Parses git's status token (<c>A</c>, <c>M</c>, <c>D</c>, <c>R100</c>, <c>C75</c>, <c>T</c>); null when it is not one.</summary>
    public static ChangeKind? ParseKind(string token) => token.Length == 0 ? null : token[0] switch
    {
        'A' when token.Length == 1 => ChangeKind.Added,
        'M' when token.Length == 1 => ChangeKind.Modified,
        'D' when token.Length == 1 => ChangeKind.Deleted,
        'T' when token.Length == 1 => ChangeKind.TypeChanged,
        'R' when token.Skip(1).All(char.IsAsciiDigit) => ChangeKind.Renamed,
        'C' when token.Skip(1).All(char.IsAsciiDigit) => ChangeKind.Copied,
        _ => null,
    };
}
