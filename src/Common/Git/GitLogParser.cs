using System.Globalization;

namespace Dm.Git;

/// <summary>
/// Parses the NUL-delimited stream of <c>git log -z --name-status --format=%H%x00%P%x00%an%x00%ae%x00%at%x00%ct%x00%B%x00</c>.
/// Messages cannot contain NUL, header fields are positional, and after them a token is either a status letter (followed
/// by its path(s)) or the 40/64-hex id that starts the next commit, so any message or path parses unambiguously.
/// </summary>
internal sealed class GitLogParser(GitOutputReader reader)
{
    private string? _nextId;
    private bool _started;

    public async Task<GitCommit?> ReadAsync(CancellationToken cancellationToken)
    {
        var id = _nextId;
        if (!_started)
        {
            _started = true;
            id = await ReadTokenAsync(cancellationToken);
        }

        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        _nextId = null;
        var parents = await RequireTokenAsync(cancellationToken);
        var authorName = await RequireTokenAsync(cancellationToken);
        var authorEmail = await RequireTokenAsync(cancellationToken);
        var authorTime = await RequireTokenAsync(cancellationToken);
        var committerTime = await RequireTokenAsync(cancellationToken);
        var message = (await RequireTokenAsync(cancellationToken)).TrimEnd('\n');
        var changed = new List<ChangedPath>();
        while (await ReadTokenAsync(cancellationToken) is { } token)
        {
            var trimmed = token.TrimStart('\n');
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (ChangedPath.ParseKind(trimmed) is { } kind)
            {
                var path = await RequireTokenAsync(cancellationToken);
                changed.Add(kind is ChangeKind.Renamed or ChangeKind.Copied
                    ? new ChangedPath(kind, await RequireTokenAsync(cancellationToken), path)
                    : new ChangedPath(kind, path));
                continue;
            }

            _nextId = trimmed;
            break;
        }

        return new GitCommit(
            id,
            parents.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            new GitIdentity(authorName, authorEmail),
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(authorTime, CultureInfo.InvariantCulture)),
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(committerTime, CultureInfo.InvariantCulture)),
            message,
            CommitMessage.ParseTrailers(message),
            changed);
    }

    private ValueTask<string?> ReadTokenAsync(CancellationToken cancellationToken) => reader.ReadTokenAsync(0, cancellationToken);

    private async Task<string> RequireTokenAsync(CancellationToken cancellationToken) =>
        await ReadTokenAsync(cancellationToken) ?? throw new GitCommandException("log", -1, string.Empty, "git log output ended in the middle of a commit.");
}
