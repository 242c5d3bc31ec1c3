using Dm.Git;

namespace Dm.System.Tests;

/// <summary>The whole system: a rollback in prod puts the previous version back in the cluster and holds it there.</summary>
public sealed class RollbackTests
{
    [Fact]
    public async Task A_rollback_in_prod_redeploys_the_previous_version_and_locks_the_resource()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.PostVersionAsync("s1", "42", "Looks fine in pp");
        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", "example/s1:42");

        // An operator rolls back what the UI shows: the aggregator decides a rollback on the head it has fetched, so a
        // rollback sent before it fetched the promotion to prod is refused (409 NoPreviousVersion, "before 1.0").
        await Eventually.HoldsAsync(async () => await dm.AggregatorVersionAsync("s1", "prod") == "42", "the aggregator shows prod at s1 42", RunningSystem.Timeout);

        await dm.SendAsync(HttpMethod.Post, "api/rollbacks", new { resource = "s1", env = "prod", reason = "500s on checkout" });

        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", "example/s1:1.0");
        Assert.Equal("version: \"1.0\"", PlainGit.Run(dm.RepoPath, "show", "main:prod/version/s1.yaml").Trim());
        Assert.Contains("500s on checkout", PlainGit.Run(dm.RepoPath, "show", "main:prod/locks.yaml"), StringComparison.Ordinal);
        Assert.Equal("example/s1:42", await dm.LiveImageAsync(dm.System.MainCluster, "pp", "s1"));
    }
}
