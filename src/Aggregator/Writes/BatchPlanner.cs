using System.Security.Cryptography;
using System.Text;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>
/// Plans queued writes together on one head: each write's planner sees the model with the changes of the writes
/// before it (in queue order), a refusal or failure leaves the others alone, and the included changes become one
/// commit whose message keeps every change's own message and trailers (<see cref="BatchCommitMessage"/>). Pure: the
/// writes' inputs from git are gathered before (<see cref="RepoWriter"/>).
/// </summary>
public sealed class BatchPlanner(ResourceRepoReader reader)
{
    /// <summary>The most writes planned into one commit; more wait for the next one.</summary>
    public const int MaxBatch = 200;

    /// <summary>Author of a batch whose changes come from several callers.</summary>
    public static readonly GitIdentity MixedAuthor = new("DM Aggregator", "dm-aggregator@localhost");

    /// <summary>Plans the writes in order on <paramref name="head"/> (pure: their inputs are gathered already).</summary>
    public BatchPlan Plan(RepoSnapshot head, ResourceRepoModel headModel, IReadOnlyList<GatheredWrite> writes)
    {
        var entries = new List<BatchEntry>();
        var included = new List<(GatheredWrite Write, WritePlan.Commit Plan)>();
        Dictionary<string, RepoFile>? files = null;
        var model = headModel;
        var stale = false;
        foreach (var write in writes.Take(MaxBatch))
        {
            if (stale)
            {
                // The model with the changes so far; the head's revision, so lookups in git history still work.
                model = reader.Read(new RepoSnapshot(head.Revision, files!));
                stale = false;
            }

            if (write is GatheredWrite.Failed failed)
            {
                entries.Add(new BatchEntry.Failed(failed.Error));
                continue;
            }

            WritePlan plan;
            try
            {
                plan = ((GatheredWrite.Ready)write).Decide(model);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                entries.Add(new BatchEntry.Failed(ex));
                continue;
            }

            switch (plan)
            {
                case WritePlan.Refuse refuse:
                    entries.Add(new BatchEntry.Refused(refuse));
                    break;
                case WritePlan.Commit commit when !Changes(files ?? head.Files, commit.Changes):
                    entries.Add(new BatchEntry.Unchanged());
                    break;
                case WritePlan.Commit commit when included.Count > 0 && !BatchCommitMessage.CanBeSection(commit.Message):
                    // Its message could not be told apart in a shared commit: it goes first in the next batch, alone.
                    return Finish(entries, included, files);
                case WritePlan.Commit commit:
                    files ??= new Dictionary<string, RepoFile>(head.Files, StringComparer.Ordinal);
                    Apply(files, commit.Changes, head.Revision.Length);
                    included.Add((write, commit));
                    entries.Add(new BatchEntry.Included());
                    stale = true;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown write plan {plan}.");
            }
        }

        return Finish(entries, included, files);
    }

    /// <summary>The one commit for the included changes: their net file changes, and one message section per change.</summary>
    public static CommitPlan? Combine(IReadOnlyList<(GatheredWrite Write, WritePlan.Commit Plan)> included)
    {
        if (included.Count == 0)
        {
            return null;
        }

        var authors = included.Select(i => i.Write.Caller.Identity).Distinct().ToList();
        var changes = new Dictionary<string, FileChange>(StringComparer.Ordinal);
        foreach (var change in included.SelectMany(i => i.Plan.Changes))
        {
            // The last change to a path wins (paths are distinct in a commit, so their order does not matter).
            changes.Remove(change.Path);
            changes[change.Path] = change;
        }

        var message = included.Count == 1
            ? included[0].Plan.Message
            : BatchCommitMessage.Format(included.Select(i => WithBy(i.Plan.Message, i.Write.Caller.Name)).ToList());
        return new CommitPlan(changes.Values.ToList(), message, authors.Count == 1 ? authors[0] : MixedAuthor);
    }

    /// <summary>The git blob id of <paramref name="content"/> (SHA-1, or SHA-256 for 64-character ids).</summary>
    public static string BlobId(ReadOnlySpan<byte> content, int idLength)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        var data = new byte[header.Length + content.Length];
        header.CopyTo(data, 0);
        content.CopyTo(data.AsSpan(header.Length));
#pragma warning disable CA5350 // git names objects by SHA-1; this is an object id, not a security measure.
        var hash = idLength == 64 ? SHA256.HashData(data) : SHA1.HashData(data);
#pragma warning restore CA5350
        return Convert.ToHexStringLower(hash);
    }

    private static BatchPlan Finish(
        List<BatchEntry> entries,
        List<(GatheredWrite Write, WritePlan.Commit Plan)> included,
        Dictionary<string, RepoFile>? files) =>
        new(Combine(included), entries, files);

    /// <summary>A batched section names its caller: the commit's author may be someone else (several callers share it).</summary>
    private static string WithBy(string message, string by) =>
        CommitMessage.ParseTrailers(message).Any(t => t.Key.Equals(DmTrailers.By, StringComparison.OrdinalIgnoreCase))
            ? message
            : message.TrimEnd('\n', ' ') + $"\n{DmTrailers.By}: {by.ReplaceLineEndings(" ")}\n";

    private static bool Changes(IReadOnlyDictionary<string, RepoFile> files, IReadOnlyList<FileChange> changes) =>
        changes.Any(change => change switch
        {
            FileChange.Put put => !files.TryGetValue(put.Path, out var file) || !file.Content.Span.SequenceEqual(put.Content.Span),
            FileChange.Delete => files.ContainsKey(change.Path),
            _ => true,
        });

    private static void Apply(Dictionary<string, RepoFile> files, IReadOnlyList<FileChange> changes, int idLength)
    {
        foreach (var change in changes)
        {
            switch (change)
            {
                case FileChange.Put put:
                    files[put.Path] = new RepoFile(put.Path, BlobId(put.Content.Span, idLength), put.Content);
                    break;
                case FileChange.Delete:
                    files.Remove(change.Path);
                    break;
            }
        }
    }
}
