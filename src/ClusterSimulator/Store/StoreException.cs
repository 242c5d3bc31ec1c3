namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Why the store refused a read or a write. A closed hierarchy: the API maps each kind to the Kubernetes <c>Status</c>
/// a real API server answers with; the message already carries apimachinery's wording.
/// </summary>
internal abstract class StoreException(string message) : Exception(message);
