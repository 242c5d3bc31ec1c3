namespace Dm.Git;

/// <summary>
/// Where a resource repo lives and how DM talks to it: the remote URL (local path, <c>file://</c>, <c>https://</c>,
/// <c>ssh://</c>), the local bare mirror path, the branch, and write-retry and cache limits.
/// </summary>
public sealed record GitRepositoryOptions(string RemoteUrl, string LocalPath)
{
    /// <summary>The branch DM reads and writes (cautious-tribble repos use <c>master</c>).</summary>
    public string Branch { get; init; } = "main";

    /// <summary>The committer of DM's commits unless a <see cref="CommitRequest"/> names another.</summary>
    public GitIdentity Committer { get; init; } = GitIdentity.Default;

    /// <summary>How many times a commit is built and pushed before a rejected push becomes an error.</summary>
    public int MaxPushAttempts { get; init; } = 10;

    /// <summary>
    /// True (the default): every commit starts with a fetch, so the first attempt is planned on the remote's head.
    /// False: the first attempt is planned on the mirror's branch ref as it is (kept current by this process's own
    /// commits and fetches) and a fetch happens only after a rejected push, which saves a fetch per commit for a
    /// process that is the main writer of the branch.
    /// </summary>
    public bool FetchBeforeCommit { get; init; } = true;

    /// <summary>Upper bound of the (randomly jittered) delay before the second attempt; doubled for each further attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When cached blob contents exceed this, the cache keeps only the blobs of the snapshot just read.</summary>
    public long BlobCacheMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Options as text with the remote URL's credentials masked, so logging the options never leaks a token.</summary>
    public override string ToString() =>
        $"GitRepositoryOptions {{ RemoteUrl = {GitRedaction.Redact(RemoteUrl)}, LocalPath = {LocalPath}, Branch = {Branch}, Committer = {Committer}, MaxPushAttempts = {MaxPushAttempts} }}";
}
