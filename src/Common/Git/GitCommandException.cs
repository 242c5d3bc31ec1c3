namespace Dm.Git;

/// <summary>
/// A git command failed. <see cref="Subcommand"/>, <see cref="ExitCode"/> and git's own <see cref="StandardError"/>
/// say what and why; URLs and headers with credentials are redacted in every text this exception carries.
/// </summary>
public sealed class GitCommandException : Exception
{
    public GitCommandException()
        : this("git", -1, string.Empty, "git failed")
    {
    }

    public GitCommandException(string message)
        : this("git", -1, string.Empty, message)
    {
    }

    public GitCommandException(string message, Exception innerException)
        : base(GitRedaction.Redact(message), innerException)
    {
        Subcommand = "git";
        ExitCode = -1;
        StandardError = string.Empty;
    }

    public GitCommandException(string subcommand, int exitCode, string standardError, string message)
        : base(GitRedaction.Redact(message))
    {
        Subcommand = subcommand;
        ExitCode = exitCode;
        StandardError = GitRedaction.Redact(standardError);
    }

    /// <summary>The git subcommand that failed, e.g. <c>push</c>.</summary>
    public string Subcommand { get; }

    /// <summary>The process exit code, or -1 when git could not be started or the failure was found in its output.</summary>
    public int ExitCode { get; }

    /// <summary>git's standard error, redacted.</summary>
    public string StandardError { get; }
}
