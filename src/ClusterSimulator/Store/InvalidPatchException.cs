namespace Dm.ClusterSimulator.Store;

/// <summary>A JSON patch that cannot apply to the object: a path it names is missing, or a test operation fails.</summary>
internal sealed class InvalidPatchException(string problem)
    : StoreException($"the server rejected our request due to an error in our request: {problem}");
