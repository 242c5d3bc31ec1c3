using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>
/// Pairs the desired objects of an environment with the live ones and the stored inventory, and decides what to do:
/// apply what is missing, changed (content hash) or drifted, skip the rest, prune what left the repo (with
/// <c>prune</c>), keep the objects of resources that failed to render. Pure (<c>findDrift</c>, by default
/// <see cref="DriftDetector.Find"/>, lets a caller memoize the drift check of objects it already compared).
/// </summary>
public static class DeployPlanner
{
    public static DeployPlan Plan(
        DesiredState desired,
        IReadOnlyDictionary<ResourceKey, JsonObject> live,
        IReadOnlyList<InventoryEntry> inventory,
        bool prune,
        Func<DesiredObject, JsonObject, string?>? findDrift = null)
    {
        findDrift ??= (wanted, current) => DriftDetector.Find(wanted.Manifest, current);
        var applies = new List<PlannedAction.Apply>();
        var skips = new List<PlannedAction.Skip>();
        var finished = new List<PlannedAction.Finished>();
        var ranAt = RunHashes(inventory);
        foreach (var wanted in desired.Objects)
        {
            if (!live.TryGetValue(wanted.Key, out var current))
            {
                if (IsJob(wanted.Key) && ranAt.GetValueOrDefault(wanted.Key) == wanted.Hash)
                {
                    finished.Add(new PlannedAction.Finished(wanted));
                    continue;
                }

                applies.Add(new PlannedAction.Apply(wanted, ApplyReason.Missing, "not in the cluster"));
                continue;
            }

            var liveHash = (string?)current["metadata"]?["annotations"]?[DeployerAnnotations.ContentHash];
            if (liveHash != wanted.Hash)
            {
                applies.Add(new PlannedAction.Apply(wanted, ApplyReason.Changed, liveHash is null ? "not applied by DM yet" : $"content hash {Short(liveHash)} → {Short(wanted.Hash)}"));
                continue;
            }

            if (findDrift(wanted, current) is { } drift)
            {
                applies.Add(new PlannedAction.Apply(wanted, ApplyReason.Drifted, drift));
                continue;
            }

            skips.Add(new PlannedAction.Skip(wanted));
        }

        var desiredKeys = desired.Objects.Select(o => o.Key).ToHashSet();
        var broken = desired.Broken.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var prunes = new List<PlannedAction.Prune>();
        var kept = new List<PlannedAction.Keep>();
        foreach (var entry in inventory.Distinct())
        {
            if (desiredKeys.Contains(entry.Key))
            {
                continue;
            }

            if (broken.Contains(entry.Resource))
            {
                kept.Add(new PlannedAction.Keep(entry, $"resource {entry.Resource} failed to render; its objects are kept"));
            }
            else if (prune)
            {
                prunes.Add(new PlannedAction.Prune(entry));
            }
            else
            {
                kept.Add(new PlannedAction.Keep(entry, "left the repo; prune is off"));
            }
        }

        var groups = applies
            .GroupBy(a => KindTable.ApplyRank(a.Desired.Key))
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<PlannedAction.Apply>)[.. g.OrderBy(a => a.Desired.Key.ToString(), StringComparer.Ordinal)])
            .ToList();
        prunes.Sort((a, b) => KindTable.ApplyRank(b.Entry.Key).CompareTo(KindTable.ApplyRank(a.Entry.Key)));
        return new DeployPlan(groups, skips, prunes, kept, finished);
    }

    /// <summary>
    /// The inventory to store after a round: every desired object, the kept ones, and the prunes that failed. A desired
    /// Job records the content hash DM ran it at: created or seen live at the desired content this round
    /// (<paramref name="runJobs"/>), finished before and gone since, or recorded before at the desired content (a round
    /// whose apply of it failed keeps what was known).
    /// </summary>
    public static IReadOnlyList<InventoryEntry> NextInventory(
        DesiredState desired, DeployPlan plan, IEnumerable<InventoryEntry> failedPrunes, IReadOnlySet<ResourceKey>? runJobs = null, IReadOnlyList<InventoryEntry>? previous = null)
    {
        var finished = plan.Finished.Select(f => f.Desired.Key).ToHashSet();
        var ran = RunHashes(previous ?? []);
        string? RunHash(DesiredObject o) =>
            finished.Contains(o.Key) || runJobs?.Contains(o.Key) == true || (IsJob(o.Key) && ran.GetValueOrDefault(o.Key) == o.Hash) ? o.Hash : null;
        return
        [
            .. desired.Objects.Select(o => new InventoryEntry(o.Resource, o.Key, RunHash(o))),
            .. plan.Kept.Select(k => k.Entry),
            .. failedPrunes,
        ];
    }

    /// <summary>Whether the object is a Job, which DM runs once per content (see <see cref="InventoryEntry.RunHash"/>).</summary>
    internal static bool IsJob(ResourceKey key) => key is { Group: "batch", Kind: "Job" };

    /// <summary>The content hash each Job of an inventory was run at.</summary>
    private static Dictionary<ResourceKey, string?> RunHashes(IEnumerable<InventoryEntry> inventory) =>
        inventory.Where(e => e.RunHash is not null).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.First().RunHash);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
