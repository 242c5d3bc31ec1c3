namespace Dm.ClusterSimulator.Store;

/// <summary>No object of <see cref="Resource"/> (plural, in <see cref="Group"/>) named <see cref="Name"/>.</summary>
internal sealed class ObjectNotFoundException(string group, string resource, string name)
    : StoreException($"{(group.Length == 0 ? resource : $"{resource}.{group}")} \"{name}\" not found")
{
    public string Group { get; } = group;

    public string Resource { get; } = resource;

    public string Name { get; } = name;

    public static ObjectNotFoundException Of(ApiResourceType type, string name) => new(type.Group, type.Plural, name);

    public static ObjectNotFoundException Namespace(string ns) => new(string.Empty, "namespaces", ns);
}
