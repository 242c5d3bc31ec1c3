using Microsoft.Extensions.Logging;

namespace Dm.Git;

/// <summary>
/// Claims a bare mirror for one <see cref="GitRepository"/> (an exclusive lock on <c>dm-owner</c> in its git directory,
/// held while the repository is open) and, once claimed, removes the <c>*.lock</c> files a git process left behind when
/// it was killed (a daemon stopped mid-fetch, a process killed). Git refuses such a repository for good
/// (<c>Unable to create '…/HEAD.lock': File exists</c>), so a restarted daemon could never fetch again. Only the owner
/// removes them: when another process holds the mirror (a <c>check</c> run next to the daemon), its locks may be live
/// and are left alone.
/// </summary>
internal sealed class MirrorOwnership : IDisposable
{
    /// <summary>The file in the git directory whose exclusive lock says which process owns the mirror.</summary>
    public const string OwnerFileName = "dm-owner";

    private readonly FileStream? _owner;

    private MirrorOwnership(FileStream? owner)
    {
        _owner = owner;
    }

    /// <summary>Claims <paramref name="gitDirectory"/> (which must exist) and clears stale git locks when the claim succeeds.</summary>
    public static MirrorOwnership Claim(string gitDirectory, ILogger logger)
    {
        FileStream owner;
        try
        {
            owner = new FileStream(Path.Combine(gitDirectory, OwnerFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            logger.LogInformation("The mirror at {GitDirectory} is open in another process; its git lock files are left alone", gitDirectory);
            return new MirrorOwnership(null);
        }

        StaleGitLocks.Remove(gitDirectory, logger);
        return new MirrorOwnership(owner);
    }

    public void Dispose() => _owner?.Dispose();
}
