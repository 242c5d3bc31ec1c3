using Dm.Hosting.Election;

namespace Dm.Kubernetes.Tests.Election;

public sealed class LeasePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private static LeaseRecord HeldBy(string holder, string rv = "7", int transitions = 2) =>
        new(holder, 15, Now.AddMinutes(-5), Now.AddSeconds(-3), transitions, rv);

    [Fact]
    public void No_lease_is_acquired_by_create_without_a_resource_version()
    {
        var decision = Assert.IsType<LeaseDecision.Acquire>(LeasePolicy.Decide(null, Now, "a", Duration, Now));
        Assert.Equal(new LeaseRecord("a", 15, Now, Now, 0, null), decision.Lease);
    }

    [Fact]
    public void The_holder_renews_on_the_observed_version_keeping_acquire_time_and_transitions()
    {
        var held = HeldBy("a");
        var decision = Assert.IsType<LeaseDecision.Renew>(LeasePolicy.Decide(held, Now.AddSeconds(-1), "a", Duration, Now));
        Assert.Equal(held with { RenewTime = Now }, decision.Lease);
    }

    [Fact]
    public void A_live_lease_of_another_holder_is_waited_for_until_its_duration_passed_on_the_local_clock()
    {
        // The holder's renewTime is an hour old (a skewed clock): expiry still counts from when this replica saw it.
        var held = HeldBy("a") with { RenewTime = Now.AddHours(-1) };
        var decision = Assert.IsType<LeaseDecision.Wait>(LeasePolicy.Decide(held, Now.AddSeconds(-14), "b", Duration, Now));
        Assert.Equal(new LeaseDecision.Wait("a", Now.AddSeconds(1)), decision);
    }

    [Fact]
    public void An_expired_lease_is_taken_over_on_its_version_with_one_more_transition()
    {
        var held = HeldBy("a");
        var decision = Assert.IsType<LeaseDecision.TakeOver>(LeasePolicy.Decide(held, Now.AddSeconds(-15), "b", Duration, Now));
        Assert.Equal(new LeaseRecord("b", 15, Now, Now, 3, "7"), decision.Lease);
        Assert.Equal("a", decision.PreviousHolder);
    }

    [Fact]
    public void A_released_lease_is_taken_over_at_once()
    {
        var released = LeasePolicy.Release(HeldBy("a"));
        Assert.Equal(new LeaseRecord(null, 1, null, null, 2, "7"), released);
        var decision = Assert.IsType<LeaseDecision.TakeOver>(LeasePolicy.Decide(released, Now, "b", Duration, Now));
        Assert.Null(decision.PreviousHolder);
        Assert.Equal(3, decision.Lease.LeaseTransitions);
    }

    [Fact]
    public void The_manifest_carries_the_precondition_and_micro_times_and_a_released_one_no_holder()
    {
        var manifest = HeldBy("a").ToManifest("dm", "dm-transitioner");
        Assert.Equal("7", (string?)manifest["metadata"]!["resourceVersion"]);
        Assert.Equal("2026-12-03T09:59:57.000000Z", (string?)manifest["spec"]!["renewTime"]);
        Assert.Equal(HeldBy("a"), LeaseRecord.FromObject(manifest));

        var released = LeasePolicy.Release(HeldBy("a")).ToManifest("dm", "dm-transitioner");
        Assert.Null(released["spec"]!["holderIdentity"]);
        Assert.Null(released["spec"]!["renewTime"]);
        Assert.Equal(1, (int?)released["spec"]!["leaseDurationSeconds"]);
    }

    [Theory]
    [InlineData("Namespace", "Dm", "T:LeaderElection:Namespace \"Dm\" is not a valid namespace name")]
    [InlineData("LeaseName", "", "T:LeaderElection:LeaseName \"\" is not a valid object name")]
    [InlineData("LeaseDuration", "00:00:01.500", "T:LeaderElection:LeaseDuration must be a whole number of seconds")]
    [InlineData("RenewDeadline", "00:00:15", "T:LeaderElection:RenewDeadline (00:00:15) must be longer than RetryPeriod (00:00:02) and shorter than LeaseDuration (00:00:15)")]
    [InlineData("RetryPeriod", "00:00:00", "T:LeaderElection:RetryPeriod must be positive")]
    public void Invalid_options_are_named_with_their_key(string key, string value, string expected)
    {
        var options = new LeaderElectionOptions { Enabled = true, LeaseName = "dm-transitioner" };
        switch (key)
        {
            case "Namespace": options.Namespace = value; break;
            case "LeaseName": options.LeaseName = value; break;
            case "LeaseDuration": options.LeaseDuration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "RenewDeadline": options.RenewDeadline = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "RetryPeriod": options.RetryPeriod = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        Assert.Contains(options.Validate("T:LeaderElection"), e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(new LeaderElectionOptions { Enabled = false, LeaseName = string.Empty, Namespace = "Dm" }.Validate("T"));
        Assert.Empty(new LeaderElectionOptions { Enabled = true, LeaseName = "dm-transitioner" }.Validate("T"));
    }

    [Fact]
    public void Identity_defaults_to_the_pod_name_then_the_host_name()
    {
        var options = new LeaderElectionOptions();
        Assert.Equal("dm-transitioner-7d9-x2", options.EffectiveIdentity(n => n == "POD_NAME" ? "dm-transitioner-7d9-x2" : "host"));
        Assert.Equal("host", options.EffectiveIdentity(n => n == "HOSTNAME" ? "host" : null));
        options.Identity = "me";
        Assert.Equal("me", options.EffectiveIdentity(_ => "pod"));
    }
}
