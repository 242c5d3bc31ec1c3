namespace Dm.ClusterSimulator.Store;

/// <summary>A write whose <c>metadata.resourceVersion</c> precondition names an older version of the object.</summary>
internal sealed class VersionConflictException(ApiResourceType type, string name)
    : StoreException($"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again")
{
    public ApiResourceType Type { get; } = type;

    public string Name { get; } = name;
}
