namespace Dm.Git;

/// <summary>How a path changed between two revisions (git's name-status letters).</summary>
public enum ChangeKind
{
    Added,
    Modified,
    Deleted,
    Renamed,
    Copied,
    TypeChanged,
}
