namespace Dm.Playground;

/// <summary>
/// Lock files (<c>*.lock</c>) a git process leaves when it is killed mid-command: a daemon stopped while it fetched
/// (its git command is cancelled by killing it), or the playground killed. Git then refuses that repository for good
/// (<c>Unable to create '.../HEAD.lock': File exists</c>). The playground removes them from a repository nobody uses at
/// that moment: a daemon's mirror before that daemon starts, the resource repo before anything starts.
/// </summary>
internal static class StaleGitLocks
{
    /// <summary>Deletes every <c>*.lock</c> file under <paramref name="gitDirectory"/> and returns their paths (none when it does not exist).</summary>
    public static IReadOnlyList<string> Remove(string gitDirectory)
    {
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
                removed.Add(file);
            }
            catch (IOException)
            {
                // Gone already, or not ours to delete: git will say so precisely when it trips over it.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }

        return removed;
    }
}
