using System.Collections.Concurrent;
using Dm.Hosting;
using Dm.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dm.Deployer.Tests.Scenarios;

/// <summary>The deployer is driven by events, not by its re-check interval: rollout status from the watch, status changes pushed to its readers.</summary>
public sealed class StatusPushScenarioTests
{
    [Fact]
    public async Task A_rollout_that_finishes_is_seen_through_the_watch_without_the_health_recheck()
    {
        // The health re-check and the poll are ten minutes away: only a watch event can turn dev Clean.
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(), o => o.HealthCheckInterval = TimeSpan.FromMinutes(10));
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Five new web versions in a row, each rolled out while the environment was Clean before it.
        for (var i = 1; i <= 5; i++)
        {
            var commit = await s.CommitAsync($"web 1.{i}", ("dev/version/web.yaml", Repos.Version("web", $"1.{i}")));
            await s.RefreshAsync();
            var clean = await s.WaitForStateAsync("dev", EnvironmentState.Clean, commit);
            Assert.Equal($"1.{i}", clean.Resources["web"].Version);
        }
    }

    [Fact]
    public async Task Readers_are_told_to_refresh_when_an_environment_turns_Clean()
    {
        await using var reader = await RefreshReceiver.StartAsync();
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(), o => o.NotifyUrls.Add(reader.Address));
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        await Eventually.HoldsAsync(() => !reader.Refreshes.IsEmpty, "the reader was told the first deploy finished");

        // 1. A new version: the reader hears of it at least when dev turns Progressing and when it turns Clean again.
        var before = reader.Refreshes.Count;
        var commit = await s.CommitAsync("web 1.1", ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, commit);
        await Eventually.HoldsAsync(() => reader.Refreshes.Count >= before + 2, "the reader was told of the rollout and of Clean");
    }

    [Theory]
    [InlineData(EnvironmentState.Progressing, "r1", "r0", EnvironmentState.Progressing, "r1", "r0", false)]
    [InlineData(EnvironmentState.Progressing, "r1", "r0", EnvironmentState.Clean, "r1", "r1", true)]
    [InlineData(EnvironmentState.Clean, "r1", "r1", EnvironmentState.Clean, "r2", "r2", true)]
    [InlineData(EnvironmentState.Clean, "r1", "r1", EnvironmentState.Failed, "r1", "r1", true)]
    public void A_status_moved_when_its_state_or_revisions_changed(EnvironmentState was, string revision, string healthy, EnvironmentState now, string nextRevision, string nextHealthy, bool moved)
    {
        var resources = new Dictionary<string, ResourceDeployStatus>();
        var previous = new EnvironmentDeployStatus(revision, healthy, was, null, null, resources, DateTimeOffset.UnixEpoch);
        var next = new EnvironmentDeployStatus(nextRevision, nextHealthy, now, null, null, resources, DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.Equal(moved, Reconcile.DeployerStatusStore.Moved(previous, next));
        Assert.True(Reconcile.DeployerStatusStore.Moved(null, next));
    }

    [Fact]
    public void The_store_reports_moves_only()
    {
        var moves = new List<string>();
        var store = new Reconcile.DeployerStatusStore(TimeProvider.System, (env, status) => moves.Add($"{env} {status.State} {status.Revision}"));
        var resources = new Dictionary<string, ResourceDeployStatus>();
        store.Set("dev", new EnvironmentDeployStatus("r1", null, EnvironmentState.Progressing, null, null, resources, DateTimeOffset.UnixEpoch));
        store.Set("dev", new EnvironmentDeployStatus("r1", null, EnvironmentState.Progressing, null, null, resources, DateTimeOffset.UnixEpoch.AddSeconds(1)));
        store.Set("dev", new EnvironmentDeployStatus("r1", "r1", EnvironmentState.Clean, null, null, resources, DateTimeOffset.UnixEpoch.AddSeconds(2)));
        Assert.Equal(["dev Progressing r1", "dev Clean r1"], moves);
    }

    /// <summary>A stand-in reader of the deployer's status on a loopback port that records each <c>POST /api/refresh</c>.</summary>
    private sealed class RefreshReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private RefreshReceiver(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public ConcurrentQueue<DateTimeOffset> Refreshes { get; } = new();

        public static async Task<RefreshReceiver> StartAsync()
        {
            RefreshReceiver? receiver = null;
            var (app, address) = await LoopbackDaemonApp.StartAsync(
                LoopbackDaemonApp.CreateBuilder(0, null, null),
                a => a.MapPost("/api/refresh", () =>
                {
                    receiver!.Refreshes.Enqueue(DateTimeOffset.UtcNow);
                    return Results.Accepted();
                }),
                CancellationToken.None);
            receiver = new RefreshReceiver(app, address);
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
