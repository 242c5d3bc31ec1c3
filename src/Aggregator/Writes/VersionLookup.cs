using Dm.Aggregator.History;
using Dm.Aggregator.Repo;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>
/// Finds a resource's version file with a given version: in an environment at the head first, else at the commits of
/// the history that put that version somewhere (new versions, promotions, transitions, rollbacks). It gathers the
/// inputs of promotions and rollbacks from git, before their pure planning (<see cref="PromotionPlanner"/>).
/// </summary>
public sealed class VersionLookup(RepoMirror mirror, HistoryIndex history)
{
    /// <summary>A promotion's input: the file of its version, or null when it is found nowhere (or the promotion is refused before any lookup).</summary>
    public async Task<VersionContent?> ForPromotionAsync(ResourceRepoModel model, Promotion request, CancellationToken cancellationToken) =>
        PromotionPlanner.Locate(model, request.Env, request.Resource, resourceMustExist: false) is null
            ? await FindAsync(model, request.Resource, request.Version, cancellationToken)
            : null;

    /// <summary>A rollback's inputs: the version it goes to (the request's, else the previous one in the history) and its file.</summary>
    public async Task<RollbackInputs> ForRollbackAsync(ResourceRepoModel model, Rollback request, CancellationToken cancellationToken)
    {
        if (PromotionPlanner.Locate(model, request.Env, request.Resource, resourceMustExist: true) is not null)
        {
            return RollbackInputs.None;
        }

        // The previous version comes from the history: make sure it includes the head being planned on.
        await history.UpdateAsync(mirror.Repository, model.Revision, cancellationToken);
        var current = model.FindEnvironment(request.Env)!.Find(request.Resource)!.Version;
        var version = request.Version
            ?? PromotionPlanner.PreviousVersion(history.All(new HistoryFilter(request.Env, request.Resource, null)), request.Env, request.Resource, current);
        return version is null || version == current
            ? new RollbackInputs(version, null)
            : new RollbackInputs(version, await FindAsync(model, request.Resource, version, cancellationToken));
    }

    public async Task<VersionContent?> FindAsync(ResourceRepoModel model, string resource, string version, CancellationToken cancellationToken)
    {
        var repository = mirror.Repository;
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

        await history.UpdateAsync(repository, model.Revision, cancellationToken);
        var filter = new HistoryFilter(null, resource, null);
        foreach (var e in history.All(filter))
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

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
