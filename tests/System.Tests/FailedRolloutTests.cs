using Dm.Git;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>The whole system: a version whose pods never become ready stops in dev.</summary>
public sealed class FailedRolloutTests
{
    [Fact]
    public async Task A_failing_version_stops_in_dev_and_pp_keeps_the_old_one()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.WaitForImageAsync(dm.System.MainCluster, "pp", "s1", "example/s1:1.0");

        await dm.PostVersionAsync("s1", "fail", "Breaks on start");

        var dev = await Eventually.ReturnsAsync(
            async () => (await dm.DeployerStatusAsync()).Environments["dev"],
            env => env.State == EnvironmentState.Failed,
            "dev is Failed",
            RunningSystem.Timeout);
        Assert.Equal(ResourceState.Failed, dev.Resources["s1"].State);
        Assert.Equal("ProgressDeadlineExceeded", dev.Resources["s1"].Reason);
        Assert.Equal("example/s1:fail", await dm.LiveImageAsync(dm.System.MainCluster, "dev", "s1"));
        var failedAt = DateTimeOffset.UtcNow;
        await Eventually.HoldsAsync(
            async () => (await dm.TransitionerStatusAsync()).Transitions["to-pp"].LastRun is { Result: TransitionResult.Blocked } run && run.Time > failedAt,
            "to-pp is evaluated and blocked after dev failed",
            RunningSystem.Timeout);
        Assert.Equal("example/s1:1.0", await dm.LiveImageAsync(dm.System.MainCluster, "pp", "s1"));
        Assert.Equal("version: \"1.0\"", PlainGit.Run(dm.RepoPath, "show", "main:pp/version/s1.yaml").Trim());
    }
}
