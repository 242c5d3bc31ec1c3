using Dm.Domain;
using Dm.Hosting.Election;
using Dm.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;

using Microsoft.Extensions.Time.Testing;

namespace Dm.Kubernetes.Tests.Election;

/// <summary>
/// The elector over DM's client against the simulator on loopback. Each look is one <c>TryOnceAsync</c> on a manual
/// clock, so every interleaving below is exact.
/// </summary>
public sealed class LeaseElectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static LeaderElectionOptions Options(string ns) => new()
    {
        Enabled = true,
        Namespace = ns,
        LeaseName = "dm-transitioner",
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromSeconds(2),
    };

    private static LeaseElector Elector(SimulatorScope scope, string identity, TimeProvider clock) =>
        new(scope.Client, Options(scope.Namespace), "dm-transitioner", identity, clock, NullLogger.Instance);

    private static async Task<LeaseRecord> ReadLeaseAsync(SimulatorScope scope) =>
        LeaseRecord.FromObject((await scope.Client.GetAsync(new Dm.Domain.ResourceKey("coordination.k8s.io", "Lease", scope.Namespace, "dm-transitioner"), CancellationToken.None))!);

    [Fact]
    public async Task One_replica_creates_the_lease_the_other_stands_by_and_takes_over_only_after_the_lease_duration()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var a = Elector(scope, "a", clock);
        var b = Elector(scope, "b", clock);
        var changes = new List<bool>();
        a.Leadership.Changed += changes.Add;

        // 1. a creates the Lease and leads; b sees a live lease held by a.
        await a.TryOnceAsync(CancellationToken.None);
        await b.TryOnceAsync(CancellationToken.None);
        Assert.True(a.Leadership.IsLeader);
        Assert.False(b.Leadership.IsLeader);
        Assert.Equal("a", b.Leadership.Holder);
        var lease = await ReadLeaseAsync(scope);
        Assert.Equal(("a", 15, 0), (lease.HolderIdentity, lease.LeaseDurationSeconds, lease.LeaseTransitions));
        Assert.Equal(Start, lease.AcquireTime);
        Assert.Equal("standby for lease " + scope.Namespace + "/dm-transitioner (b; leader: a)", b.Leadership.Describe());

        // 2. a renews every retry period; b keeps standing by although more than a lease duration passes in total.
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            await a.TryOnceAsync(CancellationToken.None);
            await b.TryOnceAsync(CancellationToken.None);
            Assert.True(a.Leadership.IsLeader);
            Assert.False(b.Leadership.IsLeader);
        }

        Assert.Equal(Start.AddSeconds(20), (await ReadLeaseAsync(scope)).RenewTime);

        // 3. a stops renewing (it died). 14 s after b last saw a change, b still waits; at 15 s it takes over.
        clock.Advance(TimeSpan.FromSeconds(14));
        await b.TryOnceAsync(CancellationToken.None);
        Assert.False(b.Leadership.IsLeader);
        Assert.False(a.Leadership.IsLeader); // a's own clock says its renew deadline (10 s) passed: it stopped acting first
        clock.Advance(TimeSpan.FromSeconds(1));
        await b.TryOnceAsync(CancellationToken.None);
        Assert.True(b.Leadership.IsLeader);
        lease = await ReadLeaseAsync(scope);
        Assert.Equal(("b", 1), (lease.HolderIdentity, lease.LeaseTransitions));

        // 4. a comes back: it finds b holding a live lease and stays a standby.
        await a.TryOnceAsync(CancellationToken.None);
        Assert.False(a.Leadership.IsLeader);
        Assert.Equal("b", a.Leadership.Holder);
        Assert.Equal([true, false], changes);
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_leading_at_its_renew_deadline_before_the_lease_expires()
    {
        await using var scope = await SimulatorScope.StartAsync(clientOptions: new KubernetesClientOptions { Retry = RetryPolicy.Default with { MaxAttempts = 1 } });
        var clock = new FakeTimeProvider(Start);
        var a = Elector(scope, "a", clock);
        await a.TryOnceAsync(CancellationToken.None);
        Assert.True(a.Leadership.IsLeader);

        scope.Simulator.Faults.Outage = true;
        clock.Advance(TimeSpan.FromSeconds(2));
        await a.TryOnceAsync(CancellationToken.None);
        Assert.True(a.Leadership.IsLeader); // 2 s after its last renewal: still within the 10 s deadline

        clock.Advance(TimeSpan.FromSeconds(8));
        Assert.False(a.Leadership.IsLeader); // judged on the clock, before the elector even looks again
        await a.TryOnceAsync(CancellationToken.None);
        Assert.False(a.Leadership.IsLeader);

        // The API server is back: a renews (it is still the holder) and leads again.
        scope.Simulator.Faults.Outage = false;
        clock.Advance(TimeSpan.FromSeconds(2));
        await a.TryOnceAsync(CancellationToken.None);
        Assert.True(a.Leadership.IsLeader);
    }

    [Fact]
    public async Task A_released_lease_is_taken_over_at_the_standbys_next_look()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var a = Elector(scope, "a", clock);
        var b = Elector(scope, "b", clock);
        await a.TryOnceAsync(CancellationToken.None);
        await b.TryOnceAsync(CancellationToken.None);

        await a.ReleaseAsync(CancellationToken.None);
        Assert.False(a.Leadership.IsLeader);
        var released = await ReadLeaseAsync(scope);
        Assert.Equal((null, 1), (released.HolderIdentity, released.LeaseDurationSeconds));
        Assert.Null(released.RenewTime);

        await b.TryOnceAsync(CancellationToken.None); // no time passed
        Assert.True(b.Leadership.IsLeader);
        Assert.Equal(("b", 1), ((await ReadLeaseAsync(scope)).HolderIdentity, (await ReadLeaseAsync(scope)).LeaseTransitions));
    }

    [Fact]
    public async Task A_second_create_by_another_replica_conflicts()
    {
        // Both replicas saw no Lease; a created it first. b's create (no resourceVersion, its own field manager, no force)
        // must not overwrite a's holder.
        await using var scope = await SimulatorScope.StartAsync();
        var a = LeasePolicy.Decide(null, Start, "a", TimeSpan.FromSeconds(15), Start);
        var b = LeasePolicy.Decide(null, Start, "b", TimeSpan.FromSeconds(15), Start);
        await scope.Client.ApplyAsync(((LeaseDecision.Acquire)a).Lease.ToManifest(scope.Namespace, "l"), new ApplyOptions("dm-lease-a"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            scope.Client.ApplyAsync(((LeaseDecision.Acquire)b).Lease.ToManifest(scope.Namespace, "l"), new ApplyOptions("dm-lease-b"), CancellationToken.None));
        Assert.Equal(409, error.Code);
    }

    [Fact]
    public async Task A_take_over_on_a_stale_resource_version_conflicts()
    {
        // b read the Lease at version v1 and decided to take it over; meanwhile a renewed it (v2). b's apply carries v1
        // as metadata.resourceVersion, a precondition on the real API server: it must be refused with 409.
        await using var scope = await SimulatorScope.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var a = Elector(scope, "a", clock);
        await a.TryOnceAsync(CancellationToken.None);
        var v1 = await ReadLeaseAsync(scope);
        clock.Advance(TimeSpan.FromSeconds(2));
        await a.TryOnceAsync(CancellationToken.None);
        Assert.NotEqual(v1.ResourceVersion, (await ReadLeaseAsync(scope)).ResourceVersion);

        var takeOver = (LeaseDecision.TakeOver)LeasePolicy.Decide(v1, Start.AddSeconds(-60), "b", TimeSpan.FromSeconds(15), clock.GetUtcNow());
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            scope.Client.ApplyAsync(takeOver.Lease.ToManifest(scope.Namespace, "dm-transitioner"), new ApplyOptions("dm-lease-b", Force: true), CancellationToken.None));
        Assert.Equal(409, error.Code);
        Assert.Equal("a", (await ReadLeaseAsync(scope)).HolderIdentity);
    }
}
