namespace Dm.ResourceRepo;

/// <summary>How a resource differs between two models.</summary>
public enum ResourceChangeKind
{
    Added,
    Removed,
    Changed,
}
