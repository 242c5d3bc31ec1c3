using System.Diagnostics;
using System.Globalization;
using Dm.Hosting;
using Dm.TestSupport;
using Dm.Transitioner.Hosting;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

/// <summary>
/// Two transitioner replicas, each with its own mirror, electing a leader on a Lease in the simulator (real HTTP on
/// loopback, real clocks, short durations, polled). Promotions are counted with plain git.
/// </summary>
public sealed class LeaderElectionTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Of_two_replicas_exactly_one_promotes_and_the_standby_takes_over_within_the_lease_duration_when_the_leader_dies()
    {
        await using var cluster = await LeaseCluster.StartAsync();
        await using var s = await CreateAsync(Files(LeaseCluster.LatestToDev, Resource("latest", "s1", "1")));
        var a = await StartReplicaAsync(s, cluster, "a");
        var b = await StartReplicaAsync(s, cluster, "b");
        try
        {
            // 1. One leader; the other names it. The leader promotes s1 1; the standby runs no round.
            var (leader, standby) = await LeaderAndStandbyAsync(a, b);
            await Eventually.HoldsAsync(() => s.Exists("dev/version/s1.yaml"), "s1 1 is promoted to dev");
            await s.CommitAsync("s1 2", ("latest/version/s1.yaml", Version("2")));
            await Eventually.HoldsAsync(() => s.Show("dev/version/s1.yaml") == Version("2"), "s1 2 is promoted to dev");
            await Eventually.HoldsAsync(() => leader.Daemon.Metrics.Promotions.WithLabels("to-dev").Value == 2, "the leader counted both promotions");
            Assert.Equal(0, standby.Daemon.Metrics.Promotions.WithLabels("to-dev").Value);
            Assert.False(standby.Daemon.Leadership.IsLeader);
            var metrics = await new HttpClient().GetStringAsync(new Uri(standby.BaseAddress, "metrics"));
            Assert.Contains("dm_leader{lease=\"dm/dm-transitioner\"} 0", metrics, StringComparison.Ordinal);
            Assert.Contains("standby for lease dm/dm-transitioner", await new HttpClient().GetStringAsync(new Uri(standby.BaseAddress, "readyz")), StringComparison.Ordinal);

            // 2. The leader dies without releasing the Lease; a new version arrives. The standby promotes it within
            //    the lease duration (counted from the leader's last renewal) plus a retry period and a round.
            var killed = Stopwatch.StartNew();
            await leader.KillAsync();
            await s.CommitAsync("s1 3", ("latest/version/s1.yaml", Version("3")));
            await Eventually.HoldsAsync(() => s.Show("dev/version/s1.yaml") == Version("3"), "s1 3 is promoted to dev by the former standby", TimeSpan.FromSeconds(20));
            var failover = killed.Elapsed;
            Assert.True(standby.Daemon.Leadership.IsLeader);
            await Eventually.HoldsAsync(() => standby.Daemon.Metrics.Promotions.WithLabels("to-dev").Value == 1, "the new leader counted its promotion");
            Console.WriteLine($"failover (leader killed → standby's promotion in git): {failover.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms; lease duration {LeaseDuration.TotalSeconds} s");

            // 3. Plain git: every version entered dev in exactly one promotion commit, on a linear history.
            var moves = s.Git("log", "--format=%B", "main").Split('\n').Where(l => l.StartsWith("DM-Move: s1 ", StringComparison.Ordinal)).ToList();
            Assert.Equal(["DM-Move: s1 2 -> 3", "DM-Move: s1 1 -> 2", "DM-Move: s1 - -> 1"], moves);
            Assert.Empty(s.Git("rev-list", "--merges", "main").Trim());
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_leader_that_stops_releases_the_lease_so_the_standby_leads_at_its_next_look()
    {
        await using var cluster = await LeaseCluster.StartAsync();
        await using var s = await CreateAsync(Files(LeaseCluster.LatestToDev, Resource("latest", "s1", "1")));
        var a = await StartReplicaAsync(s, cluster, "a", leaseDuration: TimeSpan.FromSeconds(30), renewDeadline: TimeSpan.FromSeconds(20));
        var b = await StartReplicaAsync(s, cluster, "b", leaseDuration: TimeSpan.FromSeconds(30), renewDeadline: TimeSpan.FromSeconds(20));
        try
        {
            var (leader, standby) = await LeaderAndStandbyAsync(a, b);
            await Eventually.HoldsAsync(() => s.Exists("dev/version/s1.yaml"), "s1 1 is promoted to dev");

            // A 30 s lease: only the release lets the standby take over within a few retry periods.
            var stopped = Stopwatch.StartNew();
            await leader.DisposeAsync();
            await Eventually.HoldsAsync(() => standby.Daemon.Leadership.IsLeader, "the standby leads", TimeSpan.FromSeconds(5));
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(5), $"took {stopped.Elapsed}");
            await s.CommitAsync("s1 2", ("latest/version/s1.yaml", Version("2")));
            await Eventually.HoldsAsync(() => s.Show("dev/version/s1.yaml") == Version("2"), "s1 2 is promoted by the new leader");
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task Invalid_leader_election_options_fail_at_start_with_the_key()
    {
        await using var s = await CreateAsync(Files(LeaseCluster.LatestToDev, Resource("latest", "s1", "1")));
        using var dir = new TempDirectory();
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TransitionerHost.StartAsync(
            o =>
            {
                o.RepoUrl = s.GitDirectory;
                o.CheckoutPath = dir.Sub("mirror.git");
                o.LeaderElection.Enabled = true;
                o.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(20);
            },
            0,
            CancellationToken.None));
        Assert.Contains("Transitioner:LeaderElection:RenewDeadline (00:00:20) must be longer than RetryPeriod (00:00:02) and shorter than LeaseDuration (00:00:15)", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(DaemonHost Leader, DaemonHost Standby)> LeaderAndStandbyAsync(DaemonHost a, DaemonHost b)
    {
        await Eventually.HoldsAsync(
            () => a.Daemon.Leadership.IsLeader != b.Daemon.Leadership.IsLeader
                && (a.Daemon.Leadership.IsLeader ? b.Daemon.Leadership.Holder == "a" : a.Daemon.Leadership.Holder == "b"),
            "exactly one replica leads and the other names it");
        return a.Daemon.Leadership.IsLeader ? (a, b) : (b, a);
    }

    private static Task<DaemonHost> StartReplicaAsync(Scenario s, LeaseCluster cluster, string identity, TimeSpan? leaseDuration = null, TimeSpan? renewDeadline = null) =>
        TransitionerHost.StartAsync(
            o =>
            {
                o.RepoUrl = s.GitDirectory;
                o.CheckoutPath = cluster.Directory.Sub($"mirror-{identity}.git");
                o.PollInterval = TimeSpan.FromMilliseconds(200);
                o.LeaderElection.Enabled = true;
                o.LeaderElection.Identity = identity;
                o.LeaderElection.Kubeconfig = cluster.Kubeconfig;
                o.LeaderElection.LeaseDuration = leaseDuration ?? LeaseDuration;
                o.LeaderElection.RenewDeadline = renewDeadline ?? TimeSpan.FromMilliseconds(1500);
                o.LeaderElection.RetryPeriod = RetryPeriod;
            },
            0,
            CancellationToken.None);
}
