using Dm.Git;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>
/// The steps of scenario 5, one daemon at a time: it is stopped while versions are between environments, the rest keeps running,
/// and it is started again on the same port and mirror. The flow completes, and plain git shows that no commit was
/// lost or duplicated and no environment skipped a version (as <see cref="FlowHistory"/> defines it from the transition
/// rules). CI posts s1 2.0 and s2 2.0; once dev has s1 2.0 (still rolling out, pp and prod at 1.0) CI posts s1 3.0 and
/// the daemon stops at once; s1 4.0 follows while it is down; it starts again; everything ends at s1 4.0, s2 2.0.
/// </summary>
internal static class MidFlowRestart
{
    public static readonly string[] Environments = ["dev", "pp", "prod"];
    private static readonly string[] S1Versions = ["2.0", "3.0", "4.0"];

    /// <summary>Settles the system at 1.0, posts s1 2.0 and s2 2.0, waits for dev to take s1 2.0, then posts s1 3.0.</summary>
    public static async Task<List<string>> StartFlowAsync(RunningSystem dm)
    {
        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", FlowHistory.Image("s1", "1.0"));
        var answered = new List<string>
        {
            await PostAsync(dm, "s1", "2.0"),
            await PostAsync(dm, "s2", "2.0"),
        };
        await Eventually.HoldsAsync(() => FlowHistory.VersionAt(dm.RepoPath, "main", "dev", "s1") == "2.0", "dev has s1 2.0", RunningSystem.Timeout);
        answered.Add(await PostAsync(dm, "s1", "3.0"));
        return answered;
    }

    public static async Task<string> PostAsync(RunningSystem dm, string resource, string version) =>
        (await dm.PostVersionAsync(resource, version, $"{resource} {version}"))["commit"]!.GetValue<string>();

    public static Task WaitUntilDeployedAsync(RunningSystem dm, string what) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var head = PlainGit.Run(dm.RepoPath, "rev-parse", "main").Trim();
                var report = await dm.DeployerStatusAsync();
                return Environments.All(e => report.Environments.TryGetValue(e, out var env) && env.State == EnvironmentState.Clean && env.Revision == head);
            },
            what,
            RunningSystem.Timeout);

    /// <summary>Waits until s1 4.0 and s2 2.0 run Clean everywhere, then checks the history of both with plain git.</summary>
    public static async Task FinishAndCheckAsync(RunningSystem dm, IReadOnlyList<string> answered)
    {
        await dm.ExplainedAsync(async () =>
        {
            await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", FlowHistory.Image("s1", "4.0"));
            await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s2", FlowHistory.Image("s2", "2.0"));
            await WaitUntilDeployedAsync(dm, "every environment is Clean at main's head");
        });

        FlowHistory.AssertPostedOnce(dm.RepoPath, "latest", "s1", S1Versions, answered);
        FlowHistory.AssertPostedOnce(dm.RepoPath, "latest", "s2", ["2.0"], answered);
        foreach (var (resource, final) in new[] { ("s1", "4.0"), ("s2", "2.0") })
        {
            var rollouts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["dev"] = await dm.RolloutsAsync(dm.System.MainCluster, "dev", resource),
                ["pp"] = await dm.RolloutsAsync(dm.System.MainCluster, "pp", resource),
                ["prod"] = await dm.RolloutsAsync(dm.System.ProdCluster, "prod", resource),
            };
            FlowHistory.AssertPromotedInOrder(dm.RepoPath, "latest", "dev", resource, final);
            FlowHistory.AssertPromotedInOrder(dm.RepoPath, "dev", "pp", resource, final, rollouts["dev"]);
            FlowHistory.AssertPromotedInOrder(dm.RepoPath, "pp", "prod", resource, final, rollouts["pp"]);
            foreach (var environment in Environments)
            {
                FlowHistory.AssertRolledOutInOrder(dm.RepoPath, environment, resource, rollouts[environment], final);
            }
        }
    }
}
