using System.Globalization;
using System.Text;

namespace Dm.Git;

/// <summary>
/// Writes the blobs, trees and commit of one change on top of a parent commit with a single <c>git fast-import</c>
/// process (instead of read-tree, hash-object, update-index, write-tree and commit-tree: five processes and a
/// temporary index of the whole tree). The commit goes to a scratch ref, never to the branch.
/// </summary>
internal sealed class FastImportCommitWriter(GitCommandRunner runner, string gitDirectory)
{
    /// <summary>The ref fast-import writes to (forced); pushing names the commit id, so the ref only keeps objects reachable.</summary>
    internal const string ScratchRef = "refs/dm/commit";

    /// <summary>The commit's id and the blob id of every <see cref="FileChange.Put"/>, in the order of the changes.</summary>
    internal sealed record Written(string CommitId, IReadOnlyList<string> BlobIds);

    public async Task<Written> WriteAsync(
        string parentId,
        IReadOnlyList<FileChange> changes,
        string message,
        GitIdentity author,
        GitIdentity committer,
        DateTimeOffset time,
        CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(gitDirectory, "dm-scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            var marksFile = Path.Combine(scratch, "marks");
            var input = new MemoryStream();
            var puts = changes.OfType<FileChange.Put>().ToList();
            for (var i = 0; i < puts.Count; i++)
            {
                var content = puts[i].Content;
                Ascii(input, string.Create(CultureInfo.InvariantCulture, $"blob\nmark :{i + 1}\ndata {content.Length}\n"));
                input.Write(content.Span);
                input.WriteByte((byte)'\n');
            }

            var commitMark = puts.Count + 1;
            var when = string.Create(CultureInfo.InvariantCulture, $"{time.ToUnixTimeSeconds()} +0000");
            var messageBytes = Encoding.UTF8.GetBytes(message.EndsWith('\n') ? message : message + "\n");
            Utf8(input, $"commit {ScratchRef}\nmark :{commitMark}\n");
            Utf8(input, $"author {Ident(author)} {when}\ncommitter {Ident(committer)} {when}\n");
            Ascii(input, string.Create(CultureInfo.InvariantCulture, $"data {messageBytes.Length}\n"));
            input.Write(messageBytes);
            Ascii(input, $"\nfrom {parentId}\n");
            var putIndex = 0;
            foreach (var change in changes)
            {
                Utf8(input, change switch
                {
                    FileChange.Put => string.Create(CultureInfo.InvariantCulture, $"M 100644 :{++putIndex} {Quote(change.Path)}\n"),
                    FileChange.Delete => $"D {Quote(change.Path)}\n",
                    _ => throw new ArgumentException($"Unknown change {change.GetType().Name}", nameof(changes)),
                });
            }

            Ascii(input, "\ndone\n");
            await runner.RunCheckedAsync(
                new GitCommand(["fast-import", "--quiet", "--done", "--force", $"--export-marks={marksFile}"], gitDirectory)
                {
                    StandardInput = input.GetBuffer().AsMemory(0, (int)input.Length),
                },
                cancellationToken);

            var ids = new string?[commitMark];
            foreach (var line in await File.ReadAllLinesAsync(marksFile, cancellationToken))
            {
                // :<mark> <id>
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var mark = int.Parse(line.AsSpan(1, space - 1), CultureInfo.InvariantCulture);
                if (mark >= 1 && mark <= commitMark)
                {
                    ids[mark - 1] = line[(space + 1)..];
                }
            }

            return ids.Any(id => id is null)
                ? throw new GitCommandException("fast-import", 0, string.Empty, $"git fast-import did not report every object it wrote in '{gitDirectory}'.")
                : new Written(ids[^1]!, ids[..^1]!);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary><c>Name &lt;email&gt;</c> without the characters that would end a field of the fast-import line.</summary>
    internal static string Ident(GitIdentity identity) =>
        Clean(identity.Name) is { Length: > 0 } name ? $"{name} <{Clean(identity.Email)}>" : $"<{Clean(identity.Email)}>";

    /// <summary>A path as a C-style quoted string (always accepted by fast-import, required for some names).</summary>
    internal static string Quote(string path)
    {
        var quoted = new StringBuilder(path.Length + 2).Append('"');
        foreach (var c in path)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    private static string Clean(string value) =>
        new string(value.Where(c => c is not ('<' or '>') && !char.IsControl(c)).ToArray()).Trim();

    private static void Ascii(MemoryStream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    private static void Utf8(MemoryStream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
