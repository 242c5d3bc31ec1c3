using Dm.Git;

namespace Dm.System.Tests;

/// <summary>The whole system picks up a commit a person pushes with plain git.</summary>
public sealed class HumanPushTests
{
    [Fact]
    public async Task A_version_pushed_by_a_person_reaches_dev()
    {
        await using var dm = await RunningSystem.StartAsync();
        WorkTreeGit.PushByHand(dm.RepoPath, "s2 9 by hand", ("latest/version/s2.yaml", "version: \"9\"\n"));

        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s2", "example/s2:9");
        Assert.Contains("s2 9 by hand", PlainGit.Run(dm.RepoPath, "log", "--format=%s", "main"), StringComparison.Ordinal);
    }
}
