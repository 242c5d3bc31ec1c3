namespace Dm.Kubernetes;

/// <summary>
/// Which objects to list or watch: a kind in an API group (empty group: core), optionally one version (default: the
/// group's preferred version), one namespace (null: all namespaces, or a cluster-scoped kind), and selectors.
/// </summary>
/// <param name="PageSize">Objects per LIST page (<c>limit</c>); pages are followed with <c>continue</c> until the end. Null: the client's default.</param>
public sealed record ResourceQuery(
    string Group,
    string Kind,
    string? Namespace = null,
    string? LabelSelector = null,
    string? FieldSelector = null,
    string? Version = null,
    int? PageSize = null)
{
    /// <summary>Query for the kind of an <c>apiVersion</c> such as <c>apps/v1</c> (the version is kept).</summary>
    public static ResourceQuery For(string apiVersion, string kind, string? @namespace = null)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new ResourceQuery(string.Empty, kind, @namespace, Version: apiVersion)
            : new ResourceQuery(apiVersion[..slash], kind, @namespace, Version: apiVersion[(slash + 1)..]);
    }
}
