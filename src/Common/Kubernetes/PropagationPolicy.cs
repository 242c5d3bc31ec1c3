namespace Dm.Kubernetes;

/// <summary>How a delete treats dependents (<c>propagationPolicy</c>).</summary>
public enum PropagationPolicy
{
    /// <summary>The server's default for the kind.</summary>
    Default,
    Background,
    Foreground,
    Orphan,
}
