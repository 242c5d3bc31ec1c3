using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Git;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>The whole system fails closed on a lock it cannot read: a version stops before prod until the file is fixed.</summary>
public sealed class UnreadableLockTests
{
    [Fact]
    public async Task A_broken_prod_locks_file_stops_a_version_in_pp_with_the_reason_in_the_state_until_it_is_fixed()
    {
        var fixture = SystemFixtures.Chain.Replace("    files:\n", "    files:\n      prod/locks.yaml: \"env_lock: [unclosed\\n\"\n", StringComparison.Ordinal);
        Assert.Contains("prod/locks.yaml", fixture, StringComparison.Ordinal);
        await using var dm = await RunningSystem.StartAsync(fixture);

        // 1. A new version reaches pp and stops there: to-prod is Blocked with LocksUnreadable and the reader's message,
        //    in the transitioner's status and in the aggregator's state (transition and environment), and prod keeps 1.0.
        await dm.PostVersionAsync("s2", "7", "New search");
        await dm.ExplainedAsync(() => dm.WaitForImageAsync(dm.System.MainCluster, "pp", "s2", "example/s2:7"));
        await dm.ExplainedAsync(() => Eventually.HoldsAsync(
            async () => (await dm.TransitionerStatusAsync()).Transitions["to-prod"].LastRun is { Result: TransitionResult.Blocked, Reason: Reasons.LocksUnreadable },
            "to-prod is blocked by the unreadable lock",
            RunningSystem.Timeout));
        var state = await Eventually.ReturnsAsync(
            dm.StateAsync,
            s => s["transitions"]!.AsArray().Single(t => (string?)t!["name"] == "to-prod")!["lastRun"]?["reason"]?.GetValue<string>() == Reasons.LocksUnreadable,
            "the state shows to-prod blocked by the unreadable lock",
            RunningSystem.Timeout);
        var toProd = state["transitions"]!.AsArray().Single(t => (string?)t!["name"] == "to-prod")!;
        Assert.Contains("prod/locks.yaml:2:1: While parsing", (string?)toProd["lastRun"]!["message"], StringComparison.Ordinal);
        var prod = state["environments"]!.AsArray().Single(e => (string?)e!["name"] == "prod")!;
        Assert.Contains("prod/locks.yaml:2:1", (string?)prod["locksProblem"], StringComparison.Ordinal);
        Assert.Equal("example/s2:1.0", await dm.LiveImageAsync(dm.System.ProdCluster, "prod", "s2"));
        Assert.Equal("version: \"1.0\"", PlainGit.Run(dm.RepoPath, "show", "main:prod/version/s2.yaml").Trim());

        // 2. The lock does not stop deploys: prod is deployed Clean at a revision that has the broken file.
        var report = await dm.DeployerStatusAsync();
        Assert.Equal(EnvironmentState.Clean, report.Environments["prod"].State);

        // 3. A person fixes the file: the version moves on to prod.
        WorkTreeGit.PushByHand(dm.RepoPath, "Fix prod/locks.yaml", ("prod/locks.yaml", "{}\n"));
        await dm.ExplainedAsync(() => dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s2", "example/s2:7"));
    }
}
