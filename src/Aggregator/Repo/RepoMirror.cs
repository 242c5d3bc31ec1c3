using Dm.Git;
using Dm.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.Repo;

/// <summary>The aggregator's mirror of the resource repo: opened once (retried until the remote answers), then shared by the refresh loop and the writer.</summary>
public sealed class RepoMirror(IOptions<AggregatorOptions> options, DaemonReadiness readiness, TimeProvider time, ILogger<RepoMirror> logger) : IAsyncDisposable
{
    private GitRepository? _repository;

    /// <summary>The mirror; <see cref="RepoUnavailableException"/> until it is opened.</summary>
    public GitRepository Repository => Volatile.Read(ref _repository) ?? throw new RepoUnavailableException(
        $"The resource repo is not available yet: {readiness.NotReadyReason ?? "opening"}.");

    /// <summary>Opens the mirror (once); false with the reason in readiness when the remote cannot be reached.</summary>
    public async Task<bool> TryOpenAsync(CancellationToken cancellationToken)
    {
        if (_repository is not null)
        {
            return true;
        }

        var settings = options.Value;
        try
        {
            var gitOptions = new GitRepositoryOptions(settings.RepoUrl, settings.CheckoutPath)
            {
                Branch = settings.Branch,
                Committer = new GitIdentity("DM Aggregator", "dm-aggregator@localhost"),

                // The aggregator is the branch's main writer and fetches on every refresh: commit on the mirror's head.
                FetchBeforeCommit = false,
            };
            Volatile.Write(ref _repository, await GitRepository.OpenAsync(gitOptions, logger, time, null, cancellationToken));
            return true;
        }
        catch (Exception ex) when (ex is GitCommandException or IOException or InvalidOperationException or ArgumentException)
        {
            logger.LogError(ex, "Cannot open the resource repo {Branch}; retrying", settings.Branch);
            readiness.MarkNotReady("cannot open the resource repo: " + ex.Message);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_repository is not null)
        {
            await _repository.DisposeAsync();
        }
    }
}
