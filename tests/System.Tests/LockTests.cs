using Dm.Git;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>The whole system: an environment lock holds promotions back until it is removed.</summary>
public sealed class LockTests
{
    [Fact]
    public async Task A_locked_prod_holds_versions_in_pp_until_it_is_unlocked()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.SendAsync(HttpMethod.Put, "api/locks/prod", new { reason = "release freeze" });
        Assert.Contains("release freeze", PlainGit.Run(dm.RepoPath, "show", "main:prod/locks.yaml"), StringComparison.Ordinal);

        await dm.PostVersionAsync("s2", "7", "New search");

        await dm.WaitForImageAsync(dm.System.MainCluster, "pp", "s2", "example/s2:7");
        await Eventually.HoldsAsync(
            async () => (await dm.TransitionerStatusAsync()).Transitions["to-prod"].LastRun is { Result: TransitionResult.Blocked, Reason: "TargetLocked" },
            "to-prod is blocked by the lock",
            RunningSystem.Timeout);
        Assert.Equal("example/s2:1.0", await dm.LiveImageAsync(dm.System.ProdCluster, "prod", "s2"));
        Assert.Equal("version: \"1.0\"", PlainGit.Run(dm.RepoPath, "show", "main:prod/version/s2.yaml").Trim());

        await dm.SendAsync(HttpMethod.Delete, "api/locks/prod");

        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s2", "example/s2:7");
    }
}
