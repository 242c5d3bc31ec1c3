using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>
/// The queued writes planned together on one head: the one commit they make (null when none changes anything), what
/// became of each of the first <see cref="Entries"/>.Count writes (the rest wait for the next batch), and the repo's
/// files with the commit applied (null when nothing changes).
/// </summary>
public sealed record BatchPlan(CommitPlan? Commit, IReadOnlyList<BatchEntry> Entries, IReadOnlyDictionary<string, RepoFile>? Files);
