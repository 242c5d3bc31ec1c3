using System.Diagnostics;
using System.Globalization;
using Dm.TestSupport;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

/// <summary>
/// Two transitioners as separate OS processes (the built <c>Dm.Transitioner.dll</c>, <c>serve</c>), configured only by
/// an <c>appsettings.json</c> in their working directory and environment variables, electing a leader on a Lease in
/// the simulator. The leader is killed with SIGKILL (the other takes over after the lease duration) or stopped with
/// SIGTERM (it releases the Lease and the other takes over at once). Checked with the Lease and plain git.
/// </summary>
public sealed class ProcessFailoverTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_standby_process_promotes_within_the_lease_duration_after_the_leader_process_is_killed()
    {
        await using var cluster = await LeaseCluster.StartAsync();
        var dir = cluster.Directory;
        await using var s = await CreateAsync(Files(LeaseCluster.LatestToDev, Resource("latest", "s1", "1")));

        var processes = new Dictionary<string, Process>
        {
            ["a"] = Start(dir, s.GitDirectory, cluster.Kubeconfig, "a"),
            ["b"] = Start(dir, s.GitDirectory, cluster.Kubeconfig, "b"),
        };
        try
        {
            // 1. One process leads (the Lease names it) and promotes s1 1.
            var holder = await Eventually.ReturnsAsync(cluster.HolderAsync, h => h is "a" or "b", "a process holds the lease", TimeSpan.FromSeconds(30));
            await Eventually.HoldsAsync(() => s.Exists("dev/version/s1.yaml"), "s1 1 is promoted", TimeSpan.FromSeconds(30));
            await s.CommitAsync("s1 2", ("latest/version/s1.yaml", Version("2")));
            await Eventually.HoldsAsync(() => s.Show("dev/version/s1.yaml") == Version("2"), "s1 2 is promoted");
            Assert.Equal(holder, await cluster.HolderAsync());

            // 2. SIGKILL the leader, then a new version: the other process promotes it.
            var killed = Stopwatch.StartNew();
            processes[holder!].Kill();
            await s.CommitAsync("s1 3", ("latest/version/s1.yaml", Version("3")));
            await Eventually.HoldsAsync(() => s.Show("dev/version/s1.yaml") == Version("3"), "s1 3 is promoted by the other process", TimeSpan.FromSeconds(30));
            var failover = killed.Elapsed;
            var other = holder == "a" ? "b" : "a";
            Assert.Equal(other, await cluster.HolderAsync());
            Console.WriteLine($"process failover (SIGKILL of the leader → the standby's promotion in git): {failover.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms; lease duration {LeaseDuration.TotalSeconds} s, retry 200 ms, poll 200 ms");

            // 3. Plain git: each version entered dev once; linear history; fsck clean.
            var moves = s.Git("log", "--format=%B", "main").Split('\n').Where(l => l.StartsWith("DM-Move: s1 ", StringComparison.Ordinal)).ToList();
            Assert.Equal(["DM-Move: s1 2 -> 3", "DM-Move: s1 1 -> 2", "DM-Move: s1 - -> 1"], moves);
            Assert.Empty(s.Git("rev-list", "--merges", "main").Trim());
            s.Git("fsck", "--strict");
        }
        finally
        {
            await StopAllAsync(processes.Values);
        }
    }

    [Fact]
    public async Task A_leader_process_sent_SIGTERM_exits_cleanly_and_releases_the_lease_so_the_standby_leads_at_once()
    {
        await using var cluster = await LeaseCluster.StartAsync();
        await using var s = await CreateAsync(Files(LeaseCluster.LatestToDev, Resource("latest", "s1", "1")));

        // A 30 s lease: only the release on SIGTERM lets the standby lead within a few seconds.
        var processes = new Dictionary<string, Process>
        {
            ["a"] = Start(cluster.Directory, s.GitDirectory, cluster.Kubeconfig, "a", "00:00:30", "00:00:20"),
            ["b"] = Start(cluster.Directory, s.GitDirectory, cluster.Kubeconfig, "b", "00:00:30", "00:00:20"),
        };
        try
        {
            var holder = (await Eventually.ReturnsAsync(cluster.HolderAsync, h => h is "a" or "b", "a process holds the lease", TimeSpan.FromSeconds(30)))!;
            await Eventually.HoldsAsync(() => s.Exists("dev/version/s1.yaml"), "s1 1 is promoted", TimeSpan.FromSeconds(30));

            var stopping = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", processes[holder].Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await processes[holder].WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(25));
            Assert.Equal(0, processes[holder].ExitCode);
            var other = holder == "a" ? "b" : "a";
            await Eventually.ReturnsAsync(cluster.HolderAsync, h => h == other, "the other process holds the lease", TimeSpan.FromSeconds(10));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"exit and take-over took {stopping.Elapsed}");
            Console.WriteLine($"SIGTERM of the leader → exit 0 and the other process holding the lease: {stopping.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms (lease duration 30 s)");
            await s.CommitAsync("s1 2", ("latest/version/s1.yaml", Version("2")));
            await Eventually.HoldsAsync(() => s.Show("dev/version/s1.yaml") == Version("2"), "s1 2 is promoted by the new leader");
        }
        finally
        {
            await StopAllAsync(processes.Values);
        }
    }

    private static async Task StopAllAsync(IEnumerable<Process> processes)
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>Starts <c>dotnet Dm.Transitioner.dll serve</c> in a working directory of its own holding its appsettings.json.</summary>
    private static Process Start(TempDirectory dir, string repo, string kubeconfig, string identity, string leaseDuration = "00:00:02", string renewDeadline = "00:00:01.500")
    {
        var work = Directory.CreateDirectory(dir.Sub("replica-" + identity)).FullName;
        System.IO.File.WriteAllText(Path.Combine(work, "appsettings.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "Transitioner": {
                "RepoUrl": "{{repo}}",
                "CheckoutPath": "{{Path.Combine(work, "mirror.git")}}",
                "PollInterval": "00:00:00.200",
                "ApiPort": 0
              }
            }
            """);
        return DaemonProcess.Start("Dm.Transitioner", work, ["serve"], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Transitioner__LeaderElection__Enabled"] = "true",
            ["Transitioner__LeaderElection__Identity"] = identity,
            ["Transitioner__LeaderElection__Kubeconfig"] = kubeconfig,
            ["Transitioner__LeaderElection__LeaseDuration"] = leaseDuration,
            ["Transitioner__LeaderElection__RenewDeadline"] = renewDeadline,
            ["Transitioner__LeaderElection__RetryPeriod"] = "00:00:00.200",
        });
    }
}
