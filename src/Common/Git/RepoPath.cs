namespace Dm.Git;

/// <summary>Rules for paths written into the repo: relative, forward slashes, no <c>.</c>/<c>..</c>/<c>.git</c> segments.</summary>
public static class RepoPath
{
    /// <summary>Returns null when <paramref name="path"/> is a valid repo-relative file path, else the reason it is not.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        if (path.StartsWith('/'))
        {
            return "the path is absolute; it must be relative to the repo root";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "the path contains a backslash; use forward slashes";
        }

        if (path.Any(char.IsControl))
        {
            return "the path contains a control character";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "the path has an empty segment (a leading, trailing or double slash)";
            }

            if (segment is "." or "..")
            {
                return $"the path has a '{segment}' segment";
            }

            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                return "the path has a '.git' segment";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the path and the reason when it is not valid.</summary>
    public static void Validate(string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new ArgumentException($"Invalid repo path '{path}': {problem}.", nameof(path));
        }
    }
}
