namespace Dm.Domain;

/// <summary>
/// The one identity of a Kubernetes object across DM: API group (empty for core), kind, namespace (empty for
/// cluster-scoped objects) and name. Every dictionary, log field and status entry about an object is keyed by it.
/// </summary>
public sealed record ResourceKey(string Group, string Kind, string Namespace, string Name)
{
    /// <summary>Builds a key from an <c>apiVersion</c> such as <c>apps/v1</c> or <c>v1</c>.</summary>
    public static ResourceKey FromApiVersion(string apiVersion, string kind, string? @namespace, string name)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        return new ResourceKey(group, kind, @namespace ?? string.Empty, name);
    }

    /// <summary>Reads like kubectl: <c>Deployment.apps dev/web</c>, <c>Namespace dev</c>.</summary>
    public override string ToString()
    {
        var type = Group.Length == 0 ? Kind : $"{Kind}.{Group}";
        return Namespace.Length == 0 ? $"{type} {Name}" : $"{type} {Namespace}/{Name}";
    }
}
