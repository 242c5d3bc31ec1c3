namespace Dm.Kubernetes;

/// <summary>What a delete found: the object was deleted (or its deletion started), or it was already gone.</summary>
public enum DeleteOutcome
{
    Deleted,
    NotFound,
}
