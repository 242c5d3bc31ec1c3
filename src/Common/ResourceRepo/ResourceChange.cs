namespace Dm.ResourceRepo;

/// <summary>One resource that differs between two models (by <see cref="RepoResource.Fingerprint"/>).</summary>
public sealed record ResourceChange(string Environment, string Resource, ResourceChangeKind Kind);
