using Microsoft.Extensions.Logging;

namespace Dm.Git;

/// <summary>
/// Lock files (<c>*.lock</c>) a git process leaves when it is killed mid-command (a daemon stopped while it fetched, a
/// killed process). Git then refuses that repository for good (<c>Unable to create '.../HEAD.lock': File exists</c>).
/// Remove them only from a repository no other process uses at that moment: their locks might be live.
/// </summary>
public static class StaleGitLocks
{
    /// <summary>
    /// Deletes every <c>*.lock</c> file under <paramref name="gitDirectory"/> (nothing when it does not exist), logs a
    /// warning naming them and any it could not delete, and returns the removed ones relative to the git directory.
    /// </summary>
    public static IReadOnlyList<string> Remove(string gitDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!Directory.Exists(gitDirectory))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(gitDirectory, "*.lock", SearchOption.AllDirectories))
        {
            try
            {
                File.Delete(file);
                removed.Add(Path.GetRelativePath(gitDirectory, file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not remove the stale git lock {LockFile}: {Reason}", file, e.Message);
            }
        }

        if (removed.Count > 0)
        {
            logger.LogWarning(
                "Removed {Count} stale git lock file(s) a killed git process left in {GitDirectory}: {LockFiles}",
                removed.Count,
                gitDirectory,
                string.Join(", ", removed));
        }

        return removed;
    }
}
