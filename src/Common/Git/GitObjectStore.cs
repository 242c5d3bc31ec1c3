using System.Globalization;
using System.Text;

namespace Dm.Git;

/// <summary>
/// Writes trees and commits into a git directory with plumbing only (no work tree): a temporary index
/// (<c>GIT_INDEX_FILE</c> + <c>read-tree</c>), <c>hash-object -w</c>, <c>update-index --index-info</c>,
/// <c>write-tree</c>, <c>commit-tree</c>. Also used by GitFixture to build repos from YAML.
/// </summary>
public sealed class GitObjectStore(GitCommandRunner runner, string gitDirectory)
{
    private const string RegularFileMode = "100644";

    /// <summary>Up to this many new blobs are written as loose objects; more go into one pack through fast-import.</summary>
    private const int LooseObjectLimit = 64;

    /// <summary>The git directory objects are written to.</summary>
    public string GitDirectory { get; } = gitDirectory;

    /// <summary>The runner this store uses.</summary>
    public GitCommandRunner Runner { get; } = runner;

    /// <summary>Resolves a revision to a full object id of the given kind (<c>commit</c>, <c>tree</c>).</summary>
    public async Task<string> ResolveAsync(string revision, string kind, CancellationToken cancellationToken)
    {
        var output = await Runner.RunAsync(Command(["rev-parse", "--verify", "--quiet", "--end-of-options", $"{revision}^{{{kind}}}"]), cancellationToken);
        if (output.ExitCode != 0)
        {
            throw new GitCommandException("rev-parse", output.ExitCode, output.StandardError, $"Revision '{revision}' does not name a {kind} in '{GitDirectory}'.");
        }

        return output.Line;
    }

    /// <summary>Writes the tree of <paramref name="baseRevision"/> (or an empty tree) with <paramref name="changes"/> applied; returns the tree id.</summary>
    public async Task<string> WriteTreeAsync(string? baseRevision, IReadOnlyList<FileChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            RepoPath.Validate(change.Path);
        }

        var scratch = Path.Combine(GitDirectory, "dm-scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            var index = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = Path.Combine(scratch, "index") };
            await Runner.RunCheckedAsync(
                Command(baseRevision is null ? ["read-tree", "--empty"] : ["read-tree", "--end-of-options", baseRevision]) with { Environment = index },
                cancellationToken);

            var puts = changes.OfType<FileChange.Put>().ToList();
            var blobIds = await WriteBlobsAsync(scratch, puts, cancellationToken);
            var indexInfo = new StringBuilder();
            var zeroId = new string('0', blobIds.Count > 0 ? blobIds[0].Length : 40);
            var putIndex = 0;
            foreach (var change in changes)
            {
                var entry = change switch
                {
                    FileChange.Put => $"{RegularFileMode} {blobIds[putIndex++]}\t{change.Path}",
                    FileChange.Delete => $"0 {zeroId}\t{change.Path}",
                    _ => throw new ArgumentException($"Unknown change {change.GetType().Name}", nameof(changes)),
                };
                indexInfo.Append(entry).Append('\0');
            }

            if (changes.Count > 0)
            {
                await Runner.RunCheckedAsync(
                    Command(["update-index", "-z", "--index-info"]) with
                    {
                        Environment = index,
                        StandardInput = Encoding.UTF8.GetBytes(indexInfo.ToString()),
                    },
                    cancellationToken);
            }

            var tree = await Runner.RunCheckedAsync(Command(["write-tree"]) with { Environment = index }, cancellationToken);
            return tree.Line;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Writes a commit object for <paramref name="treeId"/>; returns its id. <paramref name="time"/> is both author and committer time.</summary>
    public async Task<string> CommitTreeAsync(
        string treeId,
        IReadOnlyList<string> parentIds,
        string message,
        GitIdentity author,
        GitIdentity committer,
        DateTimeOffset time,
        CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "commit-tree", treeId };
        foreach (var parent in parentIds)
        {
            arguments.Add("-p");
            arguments.Add(parent);
        }

        var date = string.Create(CultureInfo.InvariantCulture, $"@{time.ToUnixTimeSeconds()} +0000");
        var output = await Runner.RunCheckedAsync(
            Command(arguments) with
            {
                StandardInput = Encoding.UTF8.GetBytes(message.EndsWith('\n') ? message : message + "\n"),
                Environment = new Dictionary<string, string>
                {
                    ["GIT_AUTHOR_NAME"] = author.Name,
                    ["GIT_AUTHOR_EMAIL"] = author.Email,
                    ["GIT_AUTHOR_DATE"] = date,
                    ["GIT_COMMITTER_NAME"] = committer.Name,
                    ["GIT_COMMITTER_EMAIL"] = committer.Email,
                    ["GIT_COMMITTER_DATE"] = date,
                },
            },
            cancellationToken);
        return output.Line;
    }

    /// <summary>Points <paramref name="refName"/> at <paramref name="objectId"/> (creating it if needed).</summary>
    public Task UpdateRefAsync(string refName, string objectId, CancellationToken cancellationToken) =>
        Runner.RunCheckedAsync(Command(["update-ref", refName, objectId]), cancellationToken);

    /// <summary>Changes between two trees or commits, from <c>git diff-tree -r -z --name-status</c>, renames detected unless <paramref name="detectRenames"/> is false.</summary>
    public async Task<IReadOnlyList<ChangedPath>> DiffPathsAsync(string fromRevision, string toRevision, CancellationToken cancellationToken, bool detectRenames = true)
    {
        var output = await Runner.RunCheckedAsync(
            Command(["diff-tree", "-r", "-z", "--no-commit-id", "--name-status", detectRenames ? "-M" : "--no-renames", "--end-of-options", fromRevision, toRevision]),
            cancellationToken);
        var tokens = output.Text.Split('\0');
        var result = new List<ChangedPath>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (ChangedPath.ParseKind(tokens[i]) is not { } kind)
            {
                continue;
            }

            if (kind is ChangeKind.Renamed or ChangeKind.Copied)
            {
                result.Add(new ChangedPath(kind, tokens[i + 2], tokens[i + 1]));
                i += 2;
            }
            else
            {
                result.Add(new ChangedPath(kind, tokens[i + 1]));
                i += 1;
            }
        }

        return result;
    }

    internal GitCommand Command(IReadOnlyList<string> arguments) => new(arguments, GitDirectory);

    private async Task<IReadOnlyList<string>> WriteBlobsAsync(string scratch, IReadOnlyList<FileChange.Put> puts, CancellationToken cancellationToken)
    {
        if (puts.Count == 0)
        {
            return [];
        }

        if (puts.Count > LooseObjectLimit)
        {
            return await WriteBlobsAsPackAsync(scratch, puts, cancellationToken);
        }

        var paths = new StringBuilder();
        for (var i = 0; i < puts.Count; i++)
        {
            var file = Path.Combine(scratch, i.ToString(CultureInfo.InvariantCulture));
            await using (var stream = File.Create(file))
            {
                await stream.WriteAsync(puts[i].Content, cancellationToken);
            }

            paths.Append(file).Append('\n');
        }

        var output = await Runner.RunCheckedAsync(
            Command(["hash-object", "-w", "--no-filters", "--stdin-paths"]) with { StandardInput = Encoding.UTF8.GetBytes(paths.ToString()) },
            cancellationToken);
        var ids = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length != puts.Count)
        {
            throw new GitCommandException("hash-object", 0, output.StandardError, $"git hash-object wrote {ids.Length} objects for {puts.Count} files in '{GitDirectory}'.");
        }

        return ids;
    }

    private async Task<IReadOnlyList<string>> WriteBlobsAsPackAsync(string scratch, IReadOnlyList<FileChange.Put> puts, CancellationToken cancellationToken)
    {
        var marksFile = Path.Combine(scratch, "marks");
        var input = new MemoryStream();
        for (var i = 0; i < puts.Count; i++)
        {
            var content = puts[i].Content;
            input.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob\nmark :{i + 1}\ndata {content.Length}\n")));
            input.Write(content.Span);
            input.WriteByte((byte)'\n');
        }

        input.Write("done\n"u8);
        await Runner.RunCheckedAsync(
            Command(["fast-import", "--quiet", "--done", $"--export-marks={marksFile}"]) with { StandardInput = input.GetBuffer().AsMemory(0, (int)input.Length) },
            cancellationToken);
        var ids = new string[puts.Count];
        foreach (var line in await File.ReadAllLinesAsync(marksFile, cancellationToken))
        {
            // :<mark> <id>
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            ids[int.Parse(line.AsSpan(1, space - 1), CultureInfo.InvariantCulture) - 1] = line[(space + 1)..];
        }

        return ids.Any(id => id is null)
            ? throw new GitCommandException("fast-import", 0, string.Empty, $"git fast-import did not report every blob it wrote in '{GitDirectory}'.")
            : ids;
    }
}
