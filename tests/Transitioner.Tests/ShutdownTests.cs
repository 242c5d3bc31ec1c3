using System.Diagnostics;
using Dm.Hosting;
using Dm.Status;
using Dm.TestSupport;
using Dm.Transitioner.Hosting;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

/// <summary>
/// A stop (what SIGTERM triggers in the daemon: the host's StopAsync) while a round waits for a slow deployer: the
/// round finishes and pushes its promotion within the shutdown grace, or is abandoned after it without a commit.
/// </summary>
public sealed class ShutdownTests
{
    private const string DevToPp = """
        transitions:
          to-pp:
            source: dev
            target: pp
            preconditions: [SourceClean]

        """;

    private static readonly IEnumerable<KeyValuePair<string, string>> Deployers =
        File("deployers.yaml", "deployers:\n  dev:\n    type: Kubernetes\n    namespace: dev\n");

    [Fact]
    public async Task A_stop_lets_the_round_in_flight_finish_its_promotion()
    {
        await using var s = await CreateAsync(Files(DevToPp, Deployers, Resource("dev", "s1", "2"), Resource("pp", "s1", "1")), deployer: true);
        var gate = SlowDeployer(s);
        var before = s.CommitCount;
        using var dir = new TempDirectory();
        var host = await StartAsync(s, dir, TimeSpan.FromSeconds(20));

        // 1. The round waits for the deployer's status; the stop begins and waits for it.
        await Eventually.HoldsAsync(() => s.Deployer!.Requests > 0, "the round asks the deployer");
        var stop = host.DisposeAsync().AsTask();
        Assert.False(stop.IsCompleted);

        // 2. The deployer answers: the round promotes and pushes, then the stop completes.
        gate.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(before + 1, s.CommitCount);
        Assert.Equal(Version("2"), s.Show("pp/version/s1.yaml"));
        Assert.Contains("DM-Transition: to-pp", s.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_round_that_outlasts_the_shutdown_grace_is_abandoned_without_a_commit_and_the_stop_ends_in_time()
    {
        await using var s = await CreateAsync(Files(DevToPp, Deployers, Resource("dev", "s1", "2"), Resource("pp", "s1", "1")), deployer: true);
        var gate = SlowDeployer(s);
        var before = s.CommitCount;
        using var dir = new TempDirectory();
        var host = await StartAsync(s, dir, TimeSpan.FromMilliseconds(300));
        try
        {
            await Eventually.HoldsAsync(() => s.Deployer!.Requests > 0, "the round asks the deployer");
            var stopping = Stopwatch.StartNew();
            await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"the stop took {stopping.Elapsed}");
            Assert.True(stopping.Elapsed >= TimeSpan.FromMilliseconds(250), $"the stop did not wait for the grace: {stopping.Elapsed}");
            Assert.Equal(before, s.CommitCount);
            Assert.Equal(Version("1"), s.Show("pp/version/s1.yaml"));
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    /// <summary>dev is clean at the head, but the deployer answers only when the returned gate opens.</summary>
    private static TaskCompletionSource SlowDeployer(Scenario s)
    {
        s.Deployer!.Set("dev", EnvironmentState.Clean, s.Head);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s.Deployer.BeforeAnswer = () => gate.Task;
        return gate;
    }

    private static Task<DaemonHost> StartAsync(Scenario s, TempDirectory dir, TimeSpan grace) =>
        TransitionerHost.StartAsync(
            o =>
            {
                o.RepoUrl = s.GitDirectory;
                o.CheckoutPath = dir.Sub("mirror.git");
                o.DeployerUrl = s.Deployer!.BaseAddress.ToString();
                o.DeployerTimeout = TimeSpan.FromSeconds(30);
                o.ShutdownGrace = grace;
            },
            0,
            CancellationToken.None);
}
