namespace Dm.ResourceRepo;

/// <summary>One environment folder: its locks and its resources sorted by name.</summary>
public sealed record RepoEnvironment(string Name, EnvironmentLocks Locks, IReadOnlyList<RepoResource> Resources)
{
    public RepoResource? Find(string resource) => Resources.FirstOrDefault(r => r.Name == resource);
}
