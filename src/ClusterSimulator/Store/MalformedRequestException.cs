namespace Dm.ClusterSimulator.Store;

/// <summary>Input the store cannot read: a bad selector, continue token, patch document, or a name that contradicts the URL.</summary>
internal sealed class MalformedRequestException(string message) : StoreException(message);
