using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dm.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Git;

/// <summary>
/// A resource repo reached through a local bare mirror of its remote: fetch, read trees and blobs at any revision
/// (one long-lived <c>cat-file</c> process, blobs cached by id), walk history, and commit without a work tree,
/// pushing without force and re-applying the intended change when another writer got there first.
/// </summary>
public sealed class GitRepository : IAsyncDisposable
{
    private const string RemoteName = "origin";

    private readonly GitRepositoryOptions _options;
    private readonly GitCommandRunner _runner;
    private readonly GitObjectStore _store;
    private readonly CatFileBatch _catFile;
    private readonly FastImportCommitWriter _commitWriter;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _refLock = new(1, 1);
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _blobCache = new(StringComparer.Ordinal);
    private long _blobCacheBytes;
    private long _blobsRead;
    private RepoSnapshot? _lastSnapshot;
    private RepoSnapshot? _committedSnapshot;
    private MirrorOwnership? _ownership;

    private GitRepository(GitRepositoryOptions options, ILogger logger, TimeProvider timeProvider, Random random)
    {
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _random = random;
        _runner = new GitCommandRunner(options.Committer, logger);
        _store = new GitObjectStore(_runner, Path.GetFullPath(options.LocalPath));
        _catFile = new CatFileBatch(_runner, _store.GitDirectory, logger);
        _commitWriter = new FastImportCommitWriter(_runner, _store.GitDirectory);
    }

    /// <summary>The local bare mirror's git directory.</summary>
    public string GitDirectory => _store.GitDirectory;

    /// <summary>The branch this repository reads and writes.</summary>
    public string Branch => _options.Branch;

    /// <summary>The local ref that mirrors the remote branch.</summary>
    public string BranchRef => "refs/heads/" + _options.Branch;

    /// <summary>The remote URL with credentials masked, safe for logs and messages.</summary>
    public string RedactedRemoteUrl => GitRedaction.Redact(_options.RemoteUrl);

    /// <summary>Read-path counters (cat-file processes started, blobs read, blobs cached).</summary>
    public GitReadStatistics Statistics => new(_catFile.ProcessStarts, Interlocked.Read(ref _blobsRead), _blobCache.Count);

    /// <summary>
    /// Opens the bare mirror at <see cref="GitRepositoryOptions.LocalPath"/>, creating it when absent, and fetches the
    /// branch once, so a bad URL or missing branch fails here with git's reason (a mirror created by this call is removed again).
    /// </summary>
    public static async Task<GitRepository> OpenAsync(
        GitRepositoryOptions options,
        ILogger? logger,
        TimeProvider? timeProvider,
        Random? random,
        CancellationToken cancellationToken)
    {
        ValidateOptions(options);
        var repository = new GitRepository(options, logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System, random ?? Random.Shared);
        var directoryExisted = Directory.Exists(repository.GitDirectory);
        var created = false;
        try
        {
            created = await repository.InitializeAsync(cancellationToken);
            await repository.FetchAsync(cancellationToken);
            return repository;
        }
        catch
        {
            await repository.DisposeAsync();
            if (created)
            {
                RemoveMirror(repository.GitDirectory, directoryExisted);
            }

            throw;
        }
    }

    /// <summary>Opens with the system clock, a fresh random source and no logging.</summary>
    public static Task<GitRepository> OpenAsync(GitRepositoryOptions options, CancellationToken cancellationToken) =>
        OpenAsync(options, null, null, null, cancellationToken);

    /// <summary>Fetches the branch from the remote into the mirror; returns the id of the remote branch's head commit.</summary>
    public async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        string head;
        await _refLock.WaitAsync(cancellationToken);
        try
        {
            var command = _store.Command(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", RemoteName, $"+{BranchRef}:{BranchRef}"]);
            var output = await _runner.RunAsync(command, cancellationToken);
            if (output.ExitCode != 0)
            {
                throw _runner.Failure(command, output, $"git fetch of branch '{Branch}' from {RedactedRemoteUrl}");
            }

            head = await ResolveAsync(BranchRef, cancellationToken);
        }
        finally
        {
            _refLock.Release();
        }

        _logger.LogDebug("Fetched {Branch} from {RemoteUrl} at {Revision}", Branch, RedactedRemoteUrl, head);
        return head;
    }

    /// <summary>Resolves a revision (id, ref, <c>HEAD~2</c>, ...) in the mirror to a full commit id.</summary>
    public Task<string> ResolveAsync(string revision, CancellationToken cancellationToken) =>
        _store.ResolveAsync(revision, "commit", cancellationToken);

    /// <summary>The files (blobs) of the tree at <paramref name="revision"/>, optionally only under <paramref name="pathPrefix"/>.</summary>
    public async Task<IReadOnlyList<TreeEntry>> ReadTreeAsync(string revision, string? pathPrefix, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "ls-tree", "-r", "-l", "-z", "--full-tree", "--end-of-options", revision };
        if (!string.IsNullOrEmpty(pathPrefix))
        {
            arguments.Add("--");
            arguments.Add(pathPrefix);
        }

        var output = await _runner.RunCheckedAsync(_store.Command(arguments), cancellationToken);
        return ParseTree(output.Text);
    }

    /// <summary>Reads blob contents through the repository's long-lived cat-file process (cached by blob id).</summary>
    public async Task<IReadOnlyList<ReadOnlyMemory<byte>>> ReadBlobsAsync(IReadOnlyList<string> blobIds, CancellationToken cancellationToken)
    {
        if (blobIds.FirstOrDefault(id => id.Length < 4 || !id.All(char.IsAsciiHexDigit)) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not a blob id.", nameof(blobIds));
        }

        // Collect into a local map first: a concurrent snapshot read may trim the shared cache at any time.
        var found = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in blobIds)
        {
            if (found.ContainsKey(id))
            {
                continue;
            }

            if (_blobCache.TryGetValue(id, out var cached))
            {
                found[id] = cached;
            }
            else
            {
                missing.Add(id);
                found[id] = ReadOnlyMemory<byte>.Empty;
            }
        }

        var read = await _catFile.ReadAsync(missing, cancellationToken);
        Interlocked.Add(ref _blobsRead, missing.Count);
        for (var i = 0; i < missing.Count; i++)
        {
            found[missing[i]] = read[i];
            if (_blobCache.TryAdd(missing[i], read[i]))
            {
                Interlocked.Add(ref _blobCacheBytes, read[i].Length);
            }
        }

        return blobIds.Select(id => found[id]).ToList();
    }

    /// <summary>
    /// All files at <paramref name="revision"/>. The first read lists the whole tree; later reads ask git only for the
    /// paths that differ from the previous snapshot (<c>diff-tree</c>), and only blobs not read before are read, so
    /// reading the next revision costs one git process plus the changed files.
    /// </summary>
    public async Task<RepoSnapshot> ReadSnapshotAsync(string revision, CancellationToken cancellationToken)
    {
        var commitId = IsFullObjectId(revision) ? revision : await ResolveAsync(revision, cancellationToken);
        var last = Volatile.Read(ref _lastSnapshot);
        if (last is not null && last.Revision == commitId)
        {
            return last;
        }

        var files = last is null
            ? await ReadAllFilesAsync(commitId, cancellationToken)
            : await ReadChangedFilesAsync(last, commitId, cancellationToken);
        var snapshot = new RepoSnapshot(commitId, files);
        TrimBlobCache(snapshot);
        Volatile.Write(ref _lastSnapshot, snapshot);
        return snapshot;
    }

    /// <summary>Paths changed between two revisions (renames detected).</summary>
    public Task<IReadOnlyList<ChangedPath>> DiffPathsAsync(string fromRevision, string toRevision, CancellationToken cancellationToken) =>
        _store.DiffPathsAsync(fromRevision, toRevision, cancellationToken);

    /// <summary>Walks history newest first from one streaming <c>git log</c> process; stopping early ends the process.</summary>
    public async IAsyncEnumerable<GitCommit> LogAsync(LogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "log", "-z", "-M", "--name-status", "--no-color", "--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%ct%x00%B%x00",
        };
        if (query.MaxCount is { } max)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--max-count={max}"));
        }

        arguments.Add("--end-of-options");
        arguments.Add(query.Revision ?? BranchRef);
        arguments.Add("--");
        arguments.AddRange(query.Paths);

        var command = _store.Command(arguments);
        await using var process = _runner.Start(command);
        process.StandardInput.Close();
        var parser = new GitLogParser(new GitOutputReader(process.StandardOutput));
        while (await parser.ReadAsync(cancellationToken) is { } commit)
        {
            yield return commit;
        }

        var (exitCode, standardError) = await process.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw _runner.Failure(command, new GitCommandOutput(exitCode, ReadOnlyMemory<byte>.Empty, standardError), null);
        }
    }

    /// <summary>Commits a fixed set of changes on top of the remote head and pushes it (see the function overload).</summary>
    public Task<CommitResult> CommitAsync(CommitRequest request, IReadOnlyList<FileChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            RepoPath.Validate(change.Path);
        }

        return CommitCoreAsync((_, _) => Task.FromResult<CommitPlan?>(PlanOf(request, changes)), cancellationToken);
    }

    /// <summary>
    /// Commits the changes <paramref name="changes"/> computes from the remote head's snapshot and pushes without force.
    /// When the push is rejected because the remote moved, fetches and calls <paramref name="changes"/> again on the new
    /// head (bounded attempts, capped exponential backoff with jitter). A change that leaves the tree as it is gives
    /// <see cref="CommitResult.NoChange"/>. Writes through one instance are serialized. The message stays the same on
    /// every attempt: use the <see cref="CommitPlan"/> overload when it depends on the head.
    /// </summary>
    public Task<CommitResult> CommitAsync(CommitRequest request, Func<RepoSnapshot, IReadOnlyList<FileChange>> changes, CancellationToken cancellationToken) =>
        CommitCoreAsync((snapshot, _) => Task.FromResult<CommitPlan?>(PlanOf(request, changes(snapshot))), cancellationToken);

    /// <summary>As the function overload, for changes that need I/O to compute; called again on each new head.</summary>
    public Task<CommitResult> CommitAsync(
        CommitRequest request,
        Func<RepoSnapshot, CancellationToken, Task<IReadOnlyList<FileChange>>> changes,
        CancellationToken cancellationToken) =>
        CommitCoreAsync(async (snapshot, ct) => PlanOf(request, await changes(snapshot, ct)), cancellationToken);

    /// <summary>
    /// Commits what <paramref name="plan"/> decides on the remote head's snapshot: changes, message and author together,
    /// so a plan made again after a rejected push (on the new head) also says what it does there. Null from
    /// <paramref name="plan"/> means nothing to commit (<see cref="CommitResult.NoChange"/>); so does a plan that
    /// leaves the tree as it is. Otherwise as the change-function overloads: push without force, bounded attempts.
    /// </summary>
    public Task<CommitResult> CommitAsync(Func<RepoSnapshot, CommitPlan?> plan, CancellationToken cancellationToken) =>
        CommitCoreAsync((snapshot, _) => Task.FromResult(plan(snapshot)), cancellationToken);

    /// <summary>As the <see cref="CommitPlan"/> overload, for plans that need I/O to compute; called again on each new head.</summary>
    public Task<CommitResult> CommitAsync(Func<RepoSnapshot, CancellationToken, Task<CommitPlan?>> plan, CancellationToken cancellationToken) =>
        CommitCoreAsync(plan, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _catFile.DisposeAsync();
        _ownership?.Dispose();
        _writeLock.Dispose();
        _refLock.Dispose();
    }

    private static bool IsFullObjectId(string revision) =>
        revision.Length is 40 or 64 && revision.All(char.IsAsciiHexDigitLower);

    private async Task<Dictionary<string, RepoFile>> ReadAllFilesAsync(string commitId, CancellationToken cancellationToken)
    {
        // No -l: object sizes would make git inflate every object header; the content gives the size anyway.
        var command = _store.Command(["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commitId]);
        var output = await _runner.RunAsync(command, cancellationToken);
        if (output.ExitCode != 0)
        {
            await ResolveAsync(commitId, cancellationToken);
            throw _runner.Failure(command, output, null);
        }

        var entries = new List<(string Path, string BlobId)>();
        foreach (var record in output.Text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <object> TAB <path>
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var meta = record[..tab].Split(' ');
            if (meta[1] == "blob")
            {
                entries.Add((record[(tab + 1)..], meta[2]));
            }
        }

        var contents = await ReadBlobsAsync(entries.Select(e => e.BlobId).ToList(), cancellationToken);
        var files = new Dictionary<string, RepoFile>(entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            files[entries[i].Path] = new RepoFile(entries[i].Path, entries[i].BlobId, contents[i]);
        }

        return files;
    }

    private async Task<Dictionary<string, RepoFile>> ReadChangedFilesAsync(RepoSnapshot previous, string commitId, CancellationToken cancellationToken)
    {
        var command = _store.Command(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-commit-id", "--end-of-options", previous.Revision, commitId]);
        var output = await _runner.RunAsync(command, cancellationToken);
        if (output.ExitCode != 0)
        {
            // Most likely an id the mirror does not have: let resolve say so plainly.
            await ResolveAsync(commitId, cancellationToken);
            throw _runner.Failure(command, output, null);
        }

        var tokens = output.Text.Split('\0');
        var changed = new List<(string Path, string? BlobId)>();
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            if (!tokens[i].StartsWith(':'))
            {
                continue;
            }

            // :<old mode> SP <new mode> SP <old id> SP <new id> SP <status>, then the path
            var meta = tokens[i].Split(' ');
            var newMode = meta[1];
            var isBlob = newMode.StartsWith("100", StringComparison.Ordinal) || newMode == "120000";
            changed.Add((tokens[i + 1], isBlob ? meta[3] : null));
            i++;
        }

        var added = changed.Where(c => c.BlobId is not null).ToList();
        var contents = await ReadBlobsAsync(added.Select(c => c.BlobId!).ToList(), cancellationToken);
        var files = new Dictionary<string, RepoFile>(previous.Files, StringComparer.Ordinal);
        foreach (var (path, _) in changed)
        {
            files.Remove(path);
        }

        for (var i = 0; i < added.Count; i++)
        {
            files[added[i].Path] = new RepoFile(added[i].Path, added[i].BlobId!, contents[i]);
        }

        return files;
    }

    internal static IReadOnlyList<TreeEntry> ParseTree(string lsTreeOutput)
    {
        var entries = new List<TreeEntry>();
        foreach (var record in lsTreeOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <object> SP+ <size> TAB <path>
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var meta = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (meta[1] != "blob")
            {
                continue;
            }

            entries.Add(new TreeEntry(record[(tab + 1)..], meta[2], long.Parse(meta[3], CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    private static void ValidateOptions(GitRepositoryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RemoteUrl))
        {
            throw new ArgumentException("The resource repo's remote URL is empty.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.LocalPath))
        {
            throw new ArgumentException("The local path for the resource repo's mirror is empty.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Branch) || options.Branch.StartsWith('-') || options.Branch.Any(c => char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\') || options.Branch.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{options.Branch}' is not a valid branch name.", nameof(options));
        }

        if (options.MaxPushAttempts < 1)
        {
            throw new ArgumentException($"MaxPushAttempts must be at least 1, not {options.MaxPushAttempts}.", nameof(options));
        }
    }

    /// <summary>Removes a mirror this process just created; an empty directory it was created in (maybe a mount) stays.</summary>
    private static void RemoveMirror(string directory, bool keepDirectory)
    {
        if (!keepDirectory)
        {
            Directory.Delete(directory, recursive: true);
            return;
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo subdirectory)
            {
                subdirectory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    /// <summary>
    /// True when the push was rejected because the branch moved (another writer got there first), which a new attempt on
    /// the new head fixes. Read from git's own words: the porcelain ref status and git's stderr, never the lines a hook
    /// on the remote printed (<c>remote: ...</c>), whose free text may use the same words.
    /// </summary>
    internal static bool IsRejectedPush(GitCommandOutput output)
    {
        var gitsOwn = output.StandardError.Split('\n').Where(l => !l.StartsWith("remote:", StringComparison.Ordinal));
        var text = string.Join('\n', RejectedRefStatuses(output).Concat(gitsOwn));
        string[] markers = ["(fetch first)", "(non-fast-forward)", "cannot lock ref", "failed to update ref", "incorrect old value", "(stale info)", "failed to lock"];
        return markers.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The status of each ref the remote refused, from <c>git push --porcelain</c> (lines <c>!&lt;TAB&gt;src:dst&lt;TAB&gt;status</c>),
    /// e.g. <c>[remote rejected] (pre-receive hook declined)</c> or <c>[rejected] (fetch first)</c>.
    /// </summary>
    internal static IReadOnlyList<string> RejectedRefStatuses(GitCommandOutput output) =>
        [.. output.Text.Split('\n')
            .Select(l => l.Split('\t'))
            .Where(f => f.Length >= 3 && f[0] == "!")
            .Select(f => f[2].Trim())];

    /// <returns>True when the mirror was created by this call.</returns>
    private async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = GitDirectory;
        var exists = Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any();
        if (exists)
        {
            // Before any git command: a lock file a killed git left would make config/symbolic-ref/fetch fail for good.
            _ownership = MirrorOwnership.Claim(directory, _logger);
            var bare = await _runner.RunAsync(_store.Command(["rev-parse", "--is-bare-repository"]), cancellationToken);
            if (bare.ExitCode != 0 || bare.Line != "true" || !File.Exists(Path.Combine(directory, "HEAD")))
            {
                throw new GitCommandException(
                    "rev-parse",
                    bare.ExitCode,
                    bare.StandardError,
                    $"'{directory}' exists but is not a bare git repository; DM keeps its mirror of {RedactedRemoteUrl} there. Remove it or choose another path.");
            }
        }
        else
        {
            Directory.CreateDirectory(directory);
            await _runner.RunCheckedAsync(_store.Command(["init", "--bare", "--quiet", $"--initial-branch={Branch}", "."]), cancellationToken);
            _ownership = MirrorOwnership.Claim(directory, _logger);
        }

        await _runner.RunCheckedAsync(_store.Command(["config", $"remote.{RemoteName}.url", _options.RemoteUrl]), cancellationToken);
        await _runner.RunCheckedAsync(_store.Command(["config", $"remote.{RemoteName}.fetch", $"+{BranchRef}:{BranchRef}"]), cancellationToken);
        await _runner.RunCheckedAsync(_store.Command(["symbolic-ref", "HEAD", BranchRef]), cancellationToken);
        _logger.LogInformation(
            "{Action} mirror of {RemoteUrl} branch {Branch} at {GitDirectory}",
            exists ? "Opened" : "Created",
            RedactedRemoteUrl,
            Branch,
            directory);
        return !exists;
    }

    /// <summary>
    /// True when a first attempt planned on the mirror's ref (no fetch before it) and the remote has moved since: an
    /// empty plan there ("nothing to do", or a refusal the planner made) only counts once it holds on the remote's head.
    /// </summary>
    private async Task<bool> PlannedOnStaleMirrorAsync(int attempt, string head, CancellationToken cancellationToken) =>
        attempt == 1 && !_options.FetchBeforeCommit && await FetchAsync(cancellationToken) != head;

    private static CommitPlan PlanOf(CommitRequest request, IReadOnlyList<FileChange> changes) =>
        new(changes, request.Message, request.Author) { Committer = request.Committer };

    private async Task<CommitResult> CommitCoreAsync(
        Func<RepoSnapshot, CancellationToken, Task<CommitPlan?>> planOnHead,
        CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["RemoteUrl"] = RedactedRemoteUrl,
            ["Branch"] = Branch,
        });
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // Without FetchBeforeCommit the first attempt trusts the mirror's ref; a rejected push fetches.
                var head = attempt == 1 && !_options.FetchBeforeCommit
                    ? await ReadBranchHeadAsync(cancellationToken)
                    : await FetchAsync(cancellationToken);
                var committed = Volatile.Read(ref _committedSnapshot);
                var snapshot = committed?.Revision == head ? committed : await ReadSnapshotAsync(head, cancellationToken);
                var plan = await planOnHead(snapshot, cancellationToken);
                if (plan is null)
                {
                    if (await PlannedOnStaleMirrorAsync(attempt, head, cancellationToken))
                    {
                        _logger.LogInformation("Nothing to commit on the mirror's head {Revision} of {Branch}, but the remote moved on; planning again", head, Branch);
                        continue;
                    }

                    _logger.LogInformation("Nothing to commit on {Branch} at {Revision}: the plan is empty", Branch, head);
                    return new CommitResult.NoChange(head);
                }

                foreach (var change in plan.Changes)
                {
                    RepoPath.Validate(change.Path);
                }

                var written = await _commitWriter.WriteAsync(
                    head,
                    plan.Changes,
                    plan.Message,
                    plan.Author,
                    plan.Committer ?? _options.Committer,
                    _timeProvider.GetUtcNow(),
                    cancellationToken);
                var commit = written.CommitId;
                if (await TreeOfCommitAsync(commit, cancellationToken) == await TreeOfCommitAsync(head, cancellationToken))
                {
                    if (await PlannedOnStaleMirrorAsync(attempt, head, cancellationToken))
                    {
                        _logger.LogInformation("The tree is unchanged on the mirror's head {Revision} of {Branch}, but the remote moved on; planning again", head, Branch);
                        continue;
                    }

                    _logger.LogInformation("Nothing to commit on {Branch} at {Revision}: the tree is unchanged", Branch, head);
                    return new CommitResult.NoChange(head);
                }

                var push = _store.Command(["push", "--porcelain", "--quiet", "--no-verify", RemoteName, $"{commit}:{BranchRef}"]);
                var output = await PushAsync(push, cancellationToken);
                if (output.ExitCode == 0)
                {
                    if (await ReadBranchHeadAsync(cancellationToken) != commit)
                    {
                        await SetBranchRefAsync(commit, cancellationToken);
                    }

                    Volatile.Write(ref _committedSnapshot, Apply(snapshot, commit, plan.Changes, written.BlobIds));
                    _logger.LogInformation(
                        "Pushed {Revision} on {Branch} to {RemoteUrl} for {Author} after {Attempts} attempt(s)",
                        commit,
                        Branch,
                        RedactedRemoteUrl,
                        plan.Author.Name,
                        attempt);
                    return new CommitResult.Committed(commit, head, attempt);
                }

                if (!IsRejectedPush(output))
                {
                    // A hook's or the server's refusal (pre-receive, protected branch): final, with its reason and the hook's text.
                    var refused = RejectedRefStatuses(output);
                    throw _runner.Failure(
                        push,
                        output,
                        refused.Count == 0
                            ? $"git push to branch '{Branch}' of {RedactedRemoteUrl}"
                            : $"git push to branch '{Branch}' of {RedactedRemoteUrl} (rejected by the remote: {string.Join("; ", refused)})");
                }

                if (attempt >= _options.MaxPushAttempts)
                {
                    var failure = _runner.Failure(push, output, $"git push to branch '{Branch}' of {RedactedRemoteUrl} (rejected {attempt} times because other writers kept moving the branch)");
                    throw failure;
                }

                var delay = attempt == 1 && !_options.FetchBeforeCommit ? TimeSpan.Zero : RetryDelay(attempt);
                _logger.LogInformation(
                    "Push to {Branch} rejected (attempt {Attempt}); re-applying the change on the new head after {DelayMs} ms",
                    Branch,
                    attempt,
                    (long)delay.TotalMilliseconds);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken);
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The mirror's branch head for a commit's first attempt: read from the loose ref file git keeps it in (written
    /// atomically by git, so no process is needed), else resolved by git (packed refs).
    /// </summary>
    private async Task<string> ReadBranchHeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = (await File.ReadAllTextAsync(Path.Combine(GitDirectory, "refs", "heads", Branch), cancellationToken)).Trim();
            if (IsFullObjectId(text))
            {
                return text;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No loose ref (packed, or another ref storage): ask git.
        }

        return await ResolveAsync(BranchRef, cancellationToken);
    }

    /// <summary>The snapshot of a commit this instance just pushed: its parent's files with the changes applied (no read needed).</summary>
    private static RepoSnapshot Apply(RepoSnapshot parent, string commit, IReadOnlyList<FileChange> changes, IReadOnlyList<string> blobIds)
    {
        var files = new Dictionary<string, RepoFile>(parent.Files, StringComparer.Ordinal);
        var putIndex = 0;
        foreach (var change in changes)
        {
            switch (change)
            {
                case FileChange.Put put:
                    files[put.Path] = new RepoFile(put.Path, blobIds[putIndex++], put.Content);
                    break;
                case FileChange.Delete:
                    files.Remove(change.Path);
                    break;
            }
        }

        return new RepoSnapshot(commit, files);
    }

    /// <summary>The tree id of a commit, read through the running cat-file process (no new process per attempt).</summary>
    private async Task<string> TreeOfCommitAsync(string commitId, CancellationToken cancellationToken)
    {
        var commit = (await _catFile.ReadAsync([commitId], cancellationToken))[0];
        var firstLine = System.Text.Encoding.ASCII.GetString(commit, 0, Math.Max(0, Array.IndexOf(commit, (byte)'\n')));
        return firstLine.StartsWith("tree ", StringComparison.Ordinal)
            ? firstLine["tree ".Length..]
            : await _store.ResolveAsync(commitId, "tree", cancellationToken);
    }

    private TimeSpan RetryDelay(int attempt)
    {
        return new Backoff(_options.RetryBaseDelay, _options.RetryMaxDelay).After(attempt, _random.NextDouble());
    }

    /// <summary>
    /// Pushes while no fetch runs: the push itself moves the mirror's branch ref (git updates the ref that the remote's
    /// configured fetch refspec maps the pushed branch to), which saves an <c>update-ref</c> per commit.
    /// </summary>
    private async Task<GitCommandOutput> PushAsync(GitCommand push, CancellationToken cancellationToken)
    {
        await _refLock.WaitAsync(cancellationToken);
        try
        {
            return await _runner.RunAsync(push, cancellationToken);
        }
        finally
        {
            _refLock.Release();
        }
    }

    private async Task SetBranchRefAsync(string commit, CancellationToken cancellationToken)
    {
        await _refLock.WaitAsync(cancellationToken);
        try
        {
            await _store.UpdateRefAsync(BranchRef, commit, cancellationToken);
        }
        finally
        {
            _refLock.Release();
        }
    }

    private void TrimBlobCache(RepoSnapshot current)
    {
        if (Interlocked.Read(ref _blobCacheBytes) <= _options.BlobCacheMaxBytes)
        {
            return;
        }

        var keep = current.Files.Values.Select(f => f.BlobId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _blobCache.Keys)
        {
            if (!keep.Contains(id) && _blobCache.TryRemove(id, out var removed))
            {
                Interlocked.Add(ref _blobCacheBytes, -removed.Length);
            }
        }

        _logger.LogDebug("Trimmed the blob cache of {GitDirectory} to {CachedBlobs} blobs", GitDirectory, _blobCache.Count);
    }
}
