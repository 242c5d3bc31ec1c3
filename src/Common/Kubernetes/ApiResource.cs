namespace Dm.Kubernetes;

/// <summary>
/// What discovery says about one kind in one group version: its plural (the URL segment), whether it is namespaced,
/// and its verbs. <see cref="ApiVersion"/> is <c>v1</c> for the core group, <c>apps/v1</c> otherwise.
/// </summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced, IReadOnlyList<string> Verbs)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The path of the collection, e.g. <c>/apis/apps/v1/namespaces/dev/deployments</c>; no namespace: all namespaces.</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    /// <summary>The path of one object, e.g. <c>/apis/apps/v1/namespaces/dev/deployments/web</c>.</summary>
    public string ObjectPath(string? @namespace, string name) => $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
}
