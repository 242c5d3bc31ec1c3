using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace Dm.ClusterSimulator.Tests;

/// <summary>The official client's <c>LeaderElector</c> with a <c>LeaseLock</c>: the simulator's Leases must hold it up.</summary>
public sealed class LeaderElectionTests
{
    private sealed class Elector : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Kubernetes _client;
        private readonly LeaderElector _elector;
        private int _leading;

        public Elector(OfficialClientScope scope, string identity)
        {
            Identity = identity;
            _client = scope.Connect();
            _elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(_client, scope.Namespace, "dm-leader", identity))
            {
                LeaseDuration = TimeSpan.FromSeconds(3),
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(100),
            });
            _elector.OnStartedLeading += () => Interlocked.Exchange(ref _leading, 1);
            _elector.OnStoppedLeading += () => Interlocked.Exchange(ref _leading, 0);
            Run = _elector.RunAndTryToHoldLeadershipForeverAsync(_stop.Token);
        }

        public string Identity { get; }

        public Task Run { get; }

        public bool IsLeading => Volatile.Read(ref _leading) == 1;

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Run;
            }
            catch (OperationCanceledException)
            {
                // the elector ends by cancellation
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _elector.Dispose();
            _client.Dispose();
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Of_two_electors_one_leads_and_the_other_takes_over_when_it_stops()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        using var a = new Elector(scope, "replica-a");
        using var b = new Elector(scope, "replica-b");

        await Eventually.HoldsAsync(() => a.IsLeading || b.IsLeading, "one elector leads");
        var (leader, follower) = a.IsLeading ? (a, b) : (b, a);
        var lease = await scope.Client.CoordinationV1.ReadNamespacedLeaseAsync("dm-leader", scope.Namespace);
        Assert.Equal(leader.Identity, lease.Spec.HolderIdentity);

        // Several renewals go by (each an update with the last resourceVersion) and the follower never leads meanwhile.
        await Eventually.HoldsAsync(
            async () => (await scope.Client.CoordinationV1.ReadNamespacedLeaseAsync("dm-leader", scope.Namespace)).Spec.RenewTime > lease.Spec.RenewTime?.AddMilliseconds(300),
            "the leader renews its lease");
        Assert.False(follower.IsLeading);
        Assert.True(leader.IsLeading);

        await leader.StopAsync();

        await Eventually.HoldsAsync(() => follower.IsLeading, "the follower takes over");
        var taken = await scope.Client.CoordinationV1.ReadNamespacedLeaseAsync("dm-leader", scope.Namespace);
        Assert.Equal(follower.Identity, taken.Spec.HolderIdentity);
        Assert.True(taken.Spec.LeaseTransitions >= 1, $"leaseTransitions {taken.Spec.LeaseTransitions}");
    }
}
