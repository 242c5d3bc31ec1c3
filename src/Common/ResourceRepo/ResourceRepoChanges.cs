namespace Dm.ResourceRepo;

/// <summary>
/// What differs between two models: resources added, removed, or whose fingerprint (content hash, or errors when
/// broken) changed. Lock, deployer and transition changes are not included; compare those sections directly.
/// </summary>
public sealed record ResourceRepoChanges(IReadOnlyList<ResourceChange> Resources)
{
    /// <summary>Environments with at least one changed resource, sorted.</summary>
    public IReadOnlyList<string> Environments =>
        Resources.Select(r => r.Environment).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public bool IsEmpty => Resources.Count == 0;

    /// <summary>Compares two models; with no <paramref name="before"/>, everything in <paramref name="after"/> is added.</summary>
    public static ResourceRepoChanges Between(ResourceRepoModel? before, ResourceRepoModel after)
    {
        var old = Index(before);
        var now = Index(after);
        var changes = new List<ResourceChange>();
        foreach (var (key, resource) in now)
        {
            if (!old.TryGetValue(key, out var previous))
            {
                changes.Add(new ResourceChange(key.Environment, key.Name, ResourceChangeKind.Added));
            }
            else if (!ReferenceEquals(previous, resource) && previous.Fingerprint != resource.Fingerprint)
            {
                changes.Add(new ResourceChange(key.Environment, key.Name, ResourceChangeKind.Changed));
            }
        }

        foreach (var key in old.Keys)
        {
            if (!now.ContainsKey(key))
            {
                changes.Add(new ResourceChange(key.Environment, key.Name, ResourceChangeKind.Removed));
            }
        }

        changes.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Environment, b.Environment);
            return c != 0 ? c : string.CompareOrdinal(a.Resource, b.Resource);
        });
        return new ResourceRepoChanges(changes);
    }

    private static Dictionary<(string Environment, string Name), RepoResource> Index(ResourceRepoModel? model)
    {
        var index = new Dictionary<(string, string), RepoResource>();
        if (model is null)
        {
            return index;
        }

        foreach (var env in model.Environments)
        {
            foreach (var resource in env.Resources)
            {
                // Duplicate names are all broken; the first stands for the name, the errors make its fingerprint.
                index.TryAdd((env.Name, resource.Name), resource);
            }
        }

        return index;
    }
}
