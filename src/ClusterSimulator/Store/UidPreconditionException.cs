namespace Dm.ClusterSimulator.Store;

/// <summary>A delete whose UID precondition names another incarnation of the object.</summary>
internal sealed class UidPreconditionException(ApiResourceType type, string name, string expectedUid, string actualUid)
    : StoreException($"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": Precondition failed: UID in precondition: {expectedUid}, UID in object meta: {actualUid}");
