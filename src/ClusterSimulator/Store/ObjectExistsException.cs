namespace Dm.ClusterSimulator.Store;

/// <summary>A create of a name that is taken.</summary>
internal sealed class ObjectExistsException(ApiResourceType type, string name)
    : StoreException($"{type.QualifiedResource} \"{name}\" already exists")
{
    public ApiResourceType Type { get; } = type;

    public string Name { get; } = name;
}
