namespace Dm.ClusterSimulator.Store;

/// <summary>A watch from a resourceVersion older than the event history still holds.</summary>
internal sealed class ResourceVersionExpiredException(long from, long oldest)
    : StoreException($"too old resource version: {from} ({oldest})");
