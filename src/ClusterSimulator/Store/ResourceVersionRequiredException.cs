namespace Dm.ClusterSimulator.Store;

/// <summary>
/// An update without <c>metadata.resourceVersion</c> of a kind that allows no unconditional update (a Lease). The real
/// server names the resource, not the kind, here: <c>leases.coordination.k8s.io "x" is invalid: ...</c>.
/// </summary>
internal sealed class ResourceVersionRequiredException(ApiResourceType type, string name)
    : StoreException($"{type.QualifiedResource} \"{name}\" is invalid: {Error}")
{
    public static FieldError Error { get; } = FieldError.InvalidValue("metadata.resourceVersion", "0x0", "must be specified for an update");

    public ApiResourceType Type { get; } = type;

    public string Name { get; } = name;
}
