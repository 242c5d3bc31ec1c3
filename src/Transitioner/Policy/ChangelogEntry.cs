namespace Dm.Transitioner.Policy;

/// <summary>What changed in one version of a resource, as its commit (or an earlier promotion) describes it.</summary>
public sealed record ChangelogEntry(string Version, string Text);
