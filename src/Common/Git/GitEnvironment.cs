namespace Dm.Git;

/// <summary>
/// The environment every git process gets: no prompts, no pager, C locale, literal pathspecs (a path is never
/// read as <c>:(glob)</c> magic), SSH in batch mode (unless the user set
/// <c>GIT_SSH_COMMAND</c>), and a committer identity so commits never depend on global git config.
/// </summary>
internal sealed record GitEnvironment(GitIdentity Committer)
{
    /// <summary>Variables that would point git at another repository than the one DM names (e.g. when run from a hook).</summary>
    private static readonly string[] InheritedRepositoryVariables =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_QUARANTINE_PATH",
    ];

    public void ApplyTo(IDictionary<string, string?> environment)
    {
        foreach (var name in InheritedRepositoryVariables)
        {
            environment.Remove(name);
        }

        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GCM_INTERACTIVE"] = "never";
        environment["LC_ALL"] = "C";
        environment["LANGUAGE"] = "C";
        environment["GIT_PAGER"] = "cat";
        environment["PAGER"] = "cat";
        environment["GIT_OPTIONAL_LOCKS"] = "0";
        environment["GIT_LITERAL_PATHSPECS"] = "1";
        environment["GIT_COMMITTER_NAME"] = Committer.Name;
        environment["GIT_COMMITTER_EMAIL"] = Committer.Email;
        environment["GIT_AUTHOR_NAME"] = Committer.Name;
        environment["GIT_AUTHOR_EMAIL"] = Committer.Email;
        if (!environment.TryGetValue("GIT_SSH_COMMAND", out var ssh) || string.IsNullOrEmpty(ssh))
        {
            environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        }
    }
}
