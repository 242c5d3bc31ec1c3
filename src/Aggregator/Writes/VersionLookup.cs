using Dm.Aggregator.History;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>
/// Finds a resource's version file with a given version: in an environment at the head first, else at the commits of
/// the history that put that version somewhere (new versions, promotions, transitions, rollbacks).
/// </summary>
public sealed class VersionLookup(AggregatorState state)
{
    public async Task<VersionContent?> FindAsync(ResourceRepoModel model, string resource, string version, CancellationToken cancellationToken)
    {
        var repository = state.Repository;
        foreach (var environment in RepoQueries.EnvironmentOrder(model).Select(model.FindEnvironment).OfType<RepoEnvironment>())
        {
            var found = environment.Find(resource);
            if (found?.Version != version)
            {
                continue;
            }

            var prefix = environment.Name + "/version/";
            var file = found.SourceFiles.FirstOrDefault(f => f.Path.StartsWith(prefix, StringComparison.Ordinal));
            if (file is not null)
            {
                var blobs = await repository.ReadBlobsAsync([file.BlobId], cancellationToken);
                return new VersionContent(version, file.Path[prefix.Length..], blobs[0], $"{environment.Name} at {Short(model.Revision)}");
            }
        }

        await state.History.UpdateAsync(repository, model.Revision, cancellationToken);
        var filter = new HistoryFilter(null, resource, null);
        foreach (var e in state.History.All(filter))
        {
            if (e.Environment is null)
            {
                continue;
            }

            // The version was written by this commit, or replaced by it (then the commit's parent still has it, e.g. a
            // seeded or hand-written version that later got promoted over).
            var revision = e.Moves.Any(m => m.Resource == resource && m.To == version) ? e.Commit
                : e.Moves.Any(m => m.Resource == resource && m.From == version) ? e.Commit + "^"
                : null;
            if (revision is null)
            {
                continue;
            }

            var prefix = e.Environment + "/version/";
            var entries = await repository.ReadTreeAsync(revision, prefix, cancellationToken);
            var entry = entries.FirstOrDefault(t => Path.GetFileNameWithoutExtension(t.Path) == resource && t.Path.StartsWith(prefix, StringComparison.Ordinal));
            if (entry is not null)
            {
                var blobs = await repository.ReadBlobsAsync([entry.BlobId], cancellationToken);
                return new VersionContent(version, entry.Path[prefix.Length..], blobs[0], $"{e.Environment} at {Short(revision == e.Commit ? e.Commit : e.Commit + "^")}");
            }
        }

        return null;
    }

    /// <summary>The version the resource had in <paramref name="env"/> before its current one, from the history; null when unknown.</summary>
    public string? PreviousVersion(string env, string resource, string? current)
    {
        foreach (var e in state.History.All(new HistoryFilter(env, resource, null)))
        {
            if (e.Environment != env)
            {
                continue;
            }

            foreach (var move in e.Moves.Where(m => m.Resource == resource))
            {
                if (move.To != current)
                {
                    return move.To;
                }

                if (move.From is not null && move.From != current)
                {
                    return move.From;
                }
            }
        }

        return null;
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
