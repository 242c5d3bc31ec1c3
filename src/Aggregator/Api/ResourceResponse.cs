using Dm.Aggregator.State;

namespace Dm.Aggregator.Api;

/// <summary>Body of <c>GET /api/resources/{resource}</c>: where it runs now, and every known version, newest first.</summary>
public sealed record ResourceResponse(string Name, IReadOnlyDictionary<string, ResourceCell> Environments, IReadOnlyList<ResourceVersion> Versions);
