using System.Collections.Concurrent;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Transitioner.Policy;

/// <summary>
/// The <see cref="EnvironmentVersions"/> of every environment of one head (a snapshot and its model). The snapshot's
/// files are sorted into environments in one pass when an environment is first asked for, and each environment's
/// versions are built once; so the transitions of a round, and the rounds on an unchanged head, share them instead of
/// each scanning every file of the repo. Gives the same as <see cref="EnvironmentVersions.From"/>.
/// </summary>
public sealed class RepoVersions(RepoSnapshot snapshot, ResourceRepoModel model)
{
    private readonly ConcurrentDictionary<string, EnvironmentVersions> _environments = new(StringComparer.Ordinal);
    private readonly Lazy<Dictionary<string, List<KeyValuePair<string, RepoFile>>>> _versionFiles = new(() => VersionFilesByEnvironment(snapshot));

    /// <summary>The head these are the versions of.</summary>
    public string Revision => snapshot.Revision;

    /// <summary>The version files of <paramref name="environment"/>, with versions from the model.</summary>
    public EnvironmentVersions Of(string environment) =>
        _environments.GetOrAdd(environment, env => env.Contains('/', StringComparison.Ordinal)
            ? EnvironmentVersions.From(snapshot, model, env)
            : EnvironmentVersions.From(_versionFiles.Value.GetValueOrDefault(env) ?? [], model, env));

    /// <summary>Every <c>&lt;env&gt;/version/…</c> file of <paramref name="snapshot"/> by its top-level folder.</summary>
    private static Dictionary<string, List<KeyValuePair<string, RepoFile>>> VersionFilesByEnvironment(RepoSnapshot snapshot)
    {
        const string VersionFolder = "/version/";
        var byEnvironment = new Dictionary<string, List<KeyValuePair<string, RepoFile>>>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Files)
        {
            var slash = entry.Key.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || string.CompareOrdinal(entry.Key, slash, VersionFolder, 0, VersionFolder.Length) != 0)
            {
                continue;
            }

            var environment = entry.Key[..slash];
            if (!byEnvironment.TryGetValue(environment, out var files))
            {
                files = [];
                byEnvironment[environment] = files;
            }

            files.Add(entry);
        }

        return byEnvironment;
    }
}
