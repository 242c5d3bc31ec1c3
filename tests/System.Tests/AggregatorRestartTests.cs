using System.Net.Http;
using Dm.Git;
using Dm.Playground;

namespace Dm.System.Tests;

/// <summary>Scenario 5 for the aggregator (see <see cref="MidFlowRestart"/>): CI's posts fail while it is down, and the retry lands once.</summary>
public sealed class AggregatorRestartTests
{
    [Fact]
    public async Task The_aggregator_stopped_mid_flow_refuses_ci_posts_and_the_retry_after_its_restart_lands_once()
    {
        await using var dm = await RunningSystem.StartAsync();
        var answered = await MidFlowRestart.StartFlowAsync(dm);

        await dm.System.StopDaemonAsync(PlaygroundDaemon.Aggregator);
        var head = PlainGit.Run(dm.RepoPath, "rev-parse", "main").Trim();

        // While it is down: CI's post fails to connect and commits nothing; s1 3.0 still flows on to pp.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => dm.PostVersionAsync("s1", "4.0", "Posted while the aggregator is down"));
        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        await dm.WaitForImageAsync(dm.System.MainCluster, "pp", "s1", FlowHistory.Image("s1", "3.0"));
        Assert.Equal(0, PlainGit.TryRun(dm.RepoPath, "merge-base", "--is-ancestor", head, "main").ExitCode);
        Assert.Equal("3.0", FlowHistory.VersionAt(dm.RepoPath, "main", "latest", "s1"));

        await dm.System.StartDaemonAsync(PlaygroundDaemon.Aggregator, CancellationToken.None);
        answered.Add(await MidFlowRestart.PostAsync(dm, "s1", "4.0"));

        await MidFlowRestart.FinishAndCheckAsync(dm, answered);
    }
}
