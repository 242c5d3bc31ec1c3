using Dm.Git;
using Dm.ResourceRepo;
using Microsoft.Extensions.Logging;

namespace Dm.Aggregator.Repo;

/// <summary>
/// The resource repo read into models, one revision remembered: the refresh loop and the writer ask for the same
/// revisions (the head, then the head this process just wrote), so most asks read nothing.
/// </summary>
public sealed class RepoModels(RepoMirror mirror, ILogger<RepoModels> logger)
{
    private ResourceRepoModel? _lastRead;
    private PendingRead? _reading;

    public ResourceRepoReader Reader { get; } = new();

    /// <summary>The model at <paramref name="revision"/>: the last one read (or being read) when it is that revision, else read now (and remembered).</summary>
    public async Task<ResourceRepoModel> ModelAtAsync(string revision, CancellationToken cancellationToken) =>
        await RememberedAsync(revision) ?? Read(await mirror.Repository.ReadSnapshotAsync(revision, cancellationToken));

    /// <summary>The model of <paramref name="snapshot"/>: the last one read (or being read) when it is that revision, else read now (and remembered).</summary>
    public async Task<ResourceRepoModel> ModelOfAsync(RepoSnapshot snapshot) =>
        await RememberedAsync(snapshot.Revision) ?? Read(snapshot);

    /// <summary>
    /// Starts reading the model of a revision this process just wrote, in the background: the writer answers its
    /// requests and takes the next ones meanwhile, and the next plan (and the refresh) find it without reading git.
    /// </summary>
    public void RememberInBackground(RepoSnapshot snapshot) =>
        Volatile.Write(ref _reading, new PendingRead(snapshot.Revision, Task.Run(() => Read(snapshot))));

    private async Task<ResourceRepoModel?> RememberedAsync(string revision)
    {
        if (Volatile.Read(ref _lastRead) is { } last && last.Revision == revision)
        {
            return last;
        }

        if (Volatile.Read(ref _reading) is { } reading && reading.Revision == revision)
        {
            try
            {
                return await reading.Model;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Reading the model of {Revision} in the background failed; reading it again", revision);
            }
        }

        return null;
    }

    private ResourceRepoModel Read(RepoSnapshot snapshot)
    {
        var model = Reader.Read(snapshot);
        Volatile.Write(ref _lastRead, model);
        return model;
    }

    private sealed record PendingRead(string Revision, Task<ResourceRepoModel> Model);
}
