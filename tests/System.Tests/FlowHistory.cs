using Dm.ResourceRepo;

namespace Dm.System.Tests;

/// <summary>
/// What happened to one resource in the resource repo, read back with plain git, and the checks that nothing was lost,
/// duplicated or skipped on its way through a chain of transitions.
/// <para>
/// The rules being checked (see <c>TransitionPolicy</c> and <c>SourceCheck</c>): at each round a transition copies the
/// source's current version to the target, once its preconditions hold; with <c>SourceClean</c> only when the deployer
/// reports the source Clean at the source's current files. So promotions may batch: when the source moves on from v2 to
/// v3 before the transition runs (or before the source is Clean at v2), the target goes straight to v3, and that is
/// not a skip. A version is <b>skipped</b> when a target takes a version its source did not hold at that moment, or
/// takes versions out of the source's order, or when a SourceClean target takes a version its source's cluster never
/// rolled out; and a flow is <b>incomplete</b> when an environment does not end at the last posted version.
/// </para>
/// </summary>
internal static class FlowHistory
{
    /// <summary>
    /// The versions of <paramref name="resource"/> in <paramref name="environment"/> along main's first-parent history,
    /// one entry per commit that changed its version file (the seed first).
    /// </summary>
    public static IReadOnlyList<VersionChange> Changes(string repo, string environment, string resource)
    {
        var path = VersionFile(environment, resource);
        return PlainGit.Lines(repo, "log", "--first-parent", "--reverse", "--format=%H", "main", "--", path)
            .Select(commit => new VersionChange(commit, VersionAt(repo, commit, environment, resource) ?? "(deleted)"))
            .ToList();
    }

    /// <summary>The version in <paramref name="environment"/>'s version file of <paramref name="resource"/> at <paramref name="revision"/>; null when absent.</summary>
    public static string? VersionAt(string repo, string revision, string environment, string resource)
    {
        var (exitCode, output, _) = PlainGit.TryRun(repo, "show", $"{revision}:{VersionFile(environment, resource)}");
        if (exitCode != 0)
        {
            return null;
        }

        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("version:", StringComparison.Ordinal));
        return line?["version:".Length..].Trim().Trim('"');
    }

    /// <summary>
    /// The DM trailers (key, value) of every commit on main, newest first, by commit id. A commit that batched several
    /// changes has a trailer block per change (and git's own trailer parsing sees only the last paragraph), so every
    /// <c>DM-*</c> line of the whole message counts.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Key, string Value)>> Trailers(string repo)
    {
        var text = PlainGit.Run(repo, "log", "main", "--format=%H%n%B%x1e");
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        foreach (var record in text.Split('\x1e', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = record.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            result[lines[0]] = lines.Skip(1)
                .Where(l => l.StartsWith("DM-", StringComparison.Ordinal))
                .Select(l => l.Split(": ", 2))
                .Where(p => p.Length == 2)
                .Select(p => (p[0], p[1].Trim()))
                .ToList();
        }

        return result;
    }

    /// <summary>
    /// Checks CI's side: main is linear, every commit the aggregator answered is on it, and each posted version of
    /// <paramref name="resource"/> landed in <paramref name="entry"/> in exactly one new-version commit, in posting order.
    /// </summary>
    public static void AssertPostedOnce(string repo, string entry, string resource, IReadOnlyList<string> posted, IReadOnlyList<string> answeredCommits)
    {
        Assert.Empty(PlainGit.Lines(repo, "rev-list", "--merges", "main"));
        foreach (var commit in answeredCommits)
        {
            Assert.True(PlainGit.TryRun(repo, "merge-base", "--is-ancestor", commit, "main").ExitCode == 0, $"the answered commit {commit} is on main");
        }

        var trailers = Trailers(repo);
        foreach (var version in posted)
        {
            var commits = trailers.Where(t => Has(t.Value, DmTrailers.Action, DmTrailers.ActionNewVersion) && Has(t.Value, DmTrailers.Resource, resource) && Has(t.Value, DmTrailers.Version, version)).ToList();
            Assert.True(commits.Count == 1, $"{resource} {version} has {commits.Count} new-version commits, not exactly one");
        }

        var versions = Changes(repo, entry, resource).Skip(1).Select(c => c.Version).ToList();
        Assert.Equal(posted, versions);
    }

    /// <summary>
    /// Checks the transition <paramref name="source"/> → <paramref name="target"/> for <paramref name="resource"/>
    /// (see the class summary): every change of the target's version is one transition commit from the source that
    /// copied the version the source held at its parent, no version arrives twice, the target's versions are in the
    /// source's order, and it ends at <paramref name="final"/>. With <paramref name="sourceRollouts"/> (the images the
    /// source's cluster rolled out, for a SourceClean transition) every version the target took ran in the source first.
    /// </summary>
    public static void AssertPromotedInOrder(
        string repo,
        string source,
        string target,
        string resource,
        string final,
        IReadOnlyList<string>? sourceRollouts = null)
    {
        var trailers = Trailers(repo);
        var sourceVersions = Changes(repo, source, resource).Select(c => c.Version).ToList();
        var changes = Changes(repo, target, resource);
        var where = $"{resource} in {target} went {string.Join(" → ", changes.Select(c => c.Version))}; {source} went {string.Join(" → ", sourceVersions)}";
        foreach (var change in changes.Skip(1))
        {
            var t = trailers[change.Commit];
            Assert.True(
                Has(t, DmTrailers.Action, DmTrailers.ActionTransition) && Has(t, DmTrailers.Source, source) && Has(t, DmTrailers.Target, target),
                $"{change.Commit[..12]} changed {VersionFile(target, resource)} to {change.Version} but is not a transition {source} → {target} ({where})");
            Assert.True(
                VersionAt(repo, change.Commit + "^", source, resource) == change.Version,
                $"{change.Commit[..12]} gave {target} {resource} {change.Version}, which {source} did not hold at its parent ({where})");
            Assert.Single(t, kv => kv.Key == DmTrailers.Move && DmTrailers.ParseMove(kv.Value) is { } m && m.Resource == resource && m.To == change.Version);
            if (sourceRollouts is not null)
            {
                Assert.True(sourceRollouts.Contains(Image(resource, change.Version)), $"{target} took {resource} {change.Version}, which {source}'s cluster never rolled out ({string.Join(", ", sourceRollouts)}; {where})");
            }
        }

        // A promotion commit that moves the resource but does not show up as a change would be an empty (duplicate) promotion.
        var moves = trailers.Count(t => Has(t.Value, DmTrailers.Target, target) && t.Value.Any(kv => kv.Key == DmTrailers.Move && DmTrailers.ParseMove(kv.Value)?.Resource == resource));
        Assert.True(moves == changes.Count - 1, $"{moves} transition commits move {resource} into {target}, but its version changed {changes.Count - 1} times ({where})");

        var versions = changes.Select(c => c.Version).ToList();
        Assert.True(versions.Distinct(StringComparer.Ordinal).Count() == versions.Count, $"a version arrived twice: {where}");
        Assert.True(IsSubsequence(versions, sourceVersions), $"{target} took versions out of {source}'s order: {where}");
        Assert.True(versions[^1] == final, $"{target} ended at {versions[^1]}, not {final}: {where}");
    }

    /// <summary>
    /// Checks that an environment's cluster rolled out <paramref name="resource"/>'s versions (its ReplicaSets in
    /// revision order, consecutive repeats folded) in the order the environment took them in git, ending at <paramref name="final"/>.
    /// The deployer may batch too: while it was down, the versions committed meanwhile arrive as one rollout.
    /// </summary>
    public static void AssertRolledOutInOrder(string repo, string environment, string resource, IReadOnlyList<string> rollouts, string final)
    {
        var versions = Changes(repo, environment, resource).Select(c => Image(resource, c.Version)).ToList();
        var where = $"{environment}'s cluster rolled out {string.Join(" → ", rollouts)}; git had {string.Join(" → ", versions)}";
        Assert.True(IsSubsequence(rollouts, versions), $"rollouts out of order or unknown: {where}");
        Assert.True(rollouts.Count > 0 && rollouts[^1] == Image(resource, final), $"the last rollout is not {final}: {where}");
    }

    public static string Image(string resource, string version) => $"example/{resource}:{version}";

    private static string VersionFile(string environment, string resource) => $"{environment}/version/{resource}.yaml";

    private static bool Has(IReadOnlyList<(string Key, string Value)> trailers, string key, string value) =>
        trailers.Any(t => t.Key == key && t.Value == value);

    private static bool IsSubsequence(IReadOnlyList<string> items, IReadOnlyList<string> of)
    {
        var i = 0;
        foreach (var item in of)
        {
            if (i < items.Count && items[i] == item)
            {
                i++;
            }
        }

        return i == items.Count;
    }
}
