using Dm.Git;
using Dm.Playground;

namespace Dm.System.Tests;

/// <summary>Scenario 5 for the transitioner (see <see cref="MidFlowRestart"/>).</summary>
public sealed class TransitionerRestartTests
{
    [Fact]
    public async Task The_transitioner_stopped_mid_flow_holds_every_environment_and_the_flow_completes_after_its_restart()
    {
        await using var dm = await RunningSystem.StartAsync();
        var answered = await MidFlowRestart.StartFlowAsync(dm);

        await dm.System.StopDaemonAsync(PlaygroundDaemon.Transitioner);
        var atStop = MidFlowRestart.Environments.ToDictionary(e => e, e => FlowHistory.VersionAt(dm.RepoPath, "main", e, "s1"));

        // While it is down: CI still commits to latest, the deployer settles what git holds, and nothing is promoted.
        answered.Add(await MidFlowRestart.PostAsync(dm, "s1", "4.0"));
        await MidFlowRestart.WaitUntilDeployedAsync(dm, "every environment is deployed and Clean at main's head without the transitioner");
        Assert.Equal(atStop, MidFlowRestart.Environments.ToDictionary(e => e, e => FlowHistory.VersionAt(dm.RepoPath, "main", e, "s1")));

        await dm.System.StartDaemonAsync(PlaygroundDaemon.Transitioner, CancellationToken.None);

        await MidFlowRestart.FinishAndCheckAsync(dm, answered);
    }
}
