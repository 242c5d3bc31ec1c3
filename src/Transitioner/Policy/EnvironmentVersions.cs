using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Transitioner.Policy;

/// <summary>What a transition needs to know of one environment: its locks and its version files.</summary>
public sealed record EnvironmentVersions(string Name, EnvironmentLocks Locks, IReadOnlyList<VersionEntry> Files)
{
    /// <summary>The version files of <paramref name="environment"/> in <paramref name="snapshot"/>, with versions from <paramref name="model"/>.</summary>
    public static EnvironmentVersions From(RepoSnapshot snapshot, ResourceRepoModel model, string environment) =>
        From(snapshot.Files, model, environment);

    /// <summary>
    /// The version files of <paramref name="environment"/> among <paramref name="files"/> (any files of one snapshot;
    /// those outside <c>&lt;env&gt;/version/</c> are left out), with versions from <paramref name="model"/>.
    /// </summary>
    public static EnvironmentVersions From(IEnumerable<KeyValuePair<string, RepoFile>> files, ResourceRepoModel model, string environment)
    {
        var prefix = VersionPrefix(environment);
        var env = model.FindEnvironment(environment);
        var versions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var resource in env?.Resources ?? [])
        {
            foreach (var source in resource.SourceFiles)
            {
                versions[source.Path] = resource.Version;
            }
        }

        var entries = new List<VersionEntry>();
        foreach (var (path, file) in files)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var relative = path[prefix.Length..];
            var resource = ResourceName(relative);
            entries.Add(new VersionEntry(relative, resource, versions.GetValueOrDefault(path), file.BlobId));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new EnvironmentVersions(environment, env?.Locks ?? EnvironmentLocks.None, entries);
    }

    /// <summary><c>&lt;env&gt;/version/</c>.</summary>
    public static string VersionPrefix(string environment) => environment + "/version/";

    /// <summary>The resource a version file belongs to: its file name without extension.</summary>
    public static string ResourceName(string relativePath)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }
}
