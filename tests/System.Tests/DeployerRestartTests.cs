using Dm.Domain;
using Dm.Git;
using Dm.Playground;
using Dm.Status;

namespace Dm.System.Tests;

/// <summary>Scenario 5 for the deployer (see <see cref="MidFlowRestart"/>), and a stale git lock in its mirror.</summary>
public sealed class DeployerRestartTests
{
    [Fact]
    public async Task The_deployer_stopped_mid_flow_blocks_source_clean_promotions_and_the_flow_completes_after_its_restart()
    {
        await using var dm = await RunningSystem.StartAsync();
        var answered = await MidFlowRestart.StartFlowAsync(dm);

        await dm.System.StopDaemonAsync(PlaygroundDaemon.Deployer);
        var ppAtStop = FlowHistory.VersionAt(dm.RepoPath, "main", "pp", "s1");

        // While it is down: latest → dev (no precondition) goes on; dev → pp waits, as dev's health is unknown.
        answered.Add(await MidFlowRestart.PostAsync(dm, "s1", "4.0"));
        await Eventually.HoldsAsync(() => FlowHistory.VersionAt(dm.RepoPath, "main", "dev", "s1") == "4.0", "latest → dev promotes s1 4.0 without the deployer", RunningSystem.Timeout);
        await Eventually.HoldsAsync(
            async () => (await dm.TransitionerStatusAsync()).Transitions["to-pp"].LastRun?.Reason == Reasons.SourceUnknown,
            "to-pp is blocked with SourceUnknown while the deployer is down",
            RunningSystem.Timeout);
        Assert.Equal(ppAtStop, FlowHistory.VersionAt(dm.RepoPath, "main", "pp", "s1"));

        await dm.System.StartDaemonAsync(PlaygroundDaemon.Deployer, CancellationToken.None);

        await MidFlowRestart.FinishAndCheckAsync(dm, answered);
    }

    [Fact]
    public async Task A_lock_file_a_killed_git_left_in_a_stopped_daemons_mirror_is_removed_before_it_starts_again()
    {
        await using var dm = await RunningSystem.StartAsync();
        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s1", FlowHistory.Image("s1", "1.0"));
        await dm.System.StopDaemonAsync(PlaygroundDaemon.Deployer);

        // What a `git symbolic-ref` killed mid-command leaves (seen when the deployer was stopped during a fetch):
        // without its removal every later fetch fails with "Unable to create '.../HEAD.lock': File exists".
        var stale = Path.Combine(dm.System.MirrorPath(PlaygroundDaemon.Deployer), "HEAD.lock");
        await File.WriteAllTextAsync(stale, string.Empty);
        await dm.System.StartDaemonAsync(PlaygroundDaemon.Deployer, CancellationToken.None);
        await dm.PostVersionAsync("s1", "2.0", "After the restart");

        await dm.ExplainedAsync(() => dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s1", FlowHistory.Image("s1", "2.0")));
        Assert.False(File.Exists(stale));
    }
}
