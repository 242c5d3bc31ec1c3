using Dm.Git;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>The whole system on loopback: CI → aggregator → git → transitioner → deployer → simulated clusters.</summary>
public sealed class PromotionFlowTests
{
    [Fact]
    public async Task A_posted_version_is_committed_and_flows_through_dev_and_pp_to_prod()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s1", "example/s1:1.0");

        var posted = await dm.PostVersionAsync("s1", "42", "Faster pages");

        var commit = posted["commit"]!.GetValue<string>();
        Assert.Equal("version: \"42\"", PlainGit.Run(dm.RepoPath, "show", $"{commit}:latest/version/s1.yaml").Trim());
        Assert.Contains("DM-Version: 42", PlainGit.Run(dm.RepoPath, "log", "-1", "--format=%B", commit), StringComparison.Ordinal);
        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s1", "example/s1:42");
        await Eventually.HoldsAsync(
            async () => (await dm.DeployerStatusAsync()).Environments["dev"] is { State: EnvironmentState.Clean } dev && dev.Resources["s1"].Version == "42",
            "dev is Clean at s1 42",
            RunningSystem.Timeout);
        await dm.WaitForImageAsync(dm.System.MainCluster, "pp", "s1", "example/s1:42");
        await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", "example/s1:42");

        Assert.Equal("version: \"42\"", PlainGit.Run(dm.RepoPath, "show", "main:prod/version/s1.yaml").Trim());
        var subjects = PlainGit.Lines(dm.RepoPath, "log", "--format=%s", "main");
        Assert.Contains(subjects, s => s.StartsWith("Promote dev → pp", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.StartsWith("Promote pp → prod", StringComparison.Ordinal));
        Assert.Equal("example/s2:1.0", await dm.LiveImageAsync(dm.System.ProdCluster, "prod", "s2"));
        Assert.Null(await dm.LiveImageAsync(dm.System.MainCluster, "prod", "s1"));
    }
}
