using Dm.Common.Status;
using Dm.Deployer.Reconcile;

namespace Dm.Deployer.Tests.Status;

public sealed class RolloutTimingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private static ResourceDeployStatus Before(ResourceState state, DateTimeOffset? started, double? last, string? reason = null) =>
        new("1.0", state, reason, null, started) { RolloutStartedAt = started, LastRolloutSeconds = last };

    [Fact]
    public void An_applied_change_starts_a_rollout_and_keeps_the_previous_duration_until_healthy()
    {
        var (started, last) = EnvironmentStatusBuilder.Rollout(Before(ResourceState.Healthy, T0.AddMinutes(-10), 42), changedNow: true, ResourceState.Progressing, T0);

        Assert.Equal((T0, 42.0), (started, last));
    }

    [Fact]
    public void The_first_healthy_round_after_the_apply_records_the_duration()
    {
        var (started, last) = EnvironmentStatusBuilder.Rollout(Before(ResourceState.Progressing, T0, 42), changedNow: false, ResourceState.Healthy, T0.AddSeconds(7.5));

        Assert.Equal((T0, 7.5), (started, last));
    }

    [Fact]
    public void Later_healthy_rounds_keep_the_recorded_duration()
    {
        var (started, last) = EnvironmentStatusBuilder.Rollout(Before(ResourceState.Healthy, T0, 7.5), changedNow: false, ResourceState.Healthy, T0.AddMinutes(5));

        Assert.Equal((T0, 7.5), (started, last));
    }

    [Fact]
    public void A_kind_healthy_once_applied_takes_no_time()
    {
        var (started, last) = EnvironmentStatusBuilder.Rollout(null, changedNow: true, ResourceState.Healthy, T0);

        Assert.Equal((T0, 0.0), (started, last));
    }

    [Fact]
    public void A_rollout_that_missed_its_deadline_and_then_finished_counts_from_its_apply()
    {
        var (_, last) = EnvironmentStatusBuilder.Rollout(Before(ResourceState.Failed, T0, null, StatusReasons.ProgressDeadlineExceeded), changedNow: false, ResourceState.Healthy, T0.AddSeconds(90));

        Assert.Equal(90.0, last);
    }

    [Theory]
    [InlineData(ResourceState.Unknown, null)]
    [InlineData(ResourceState.Failed, StatusReasons.RenderFailed)]
    public void Healthy_again_after_an_outage_or_a_render_failure_is_not_a_rollout(ResourceState state, string? reason)
    {
        var (started, last) = EnvironmentStatusBuilder.Rollout(Before(state, T0, 3, reason), changedNow: false, ResourceState.Healthy, T0.AddHours(1));

        Assert.Equal((T0, 3.0), (started, last));
    }

    [Fact]
    public void Without_a_rollout_since_start_nothing_is_reported()
    {
        var (started, last) = EnvironmentStatusBuilder.Rollout(null, changedNow: false, ResourceState.Healthy, T0);

        Assert.Equal((null, null), (started, last));
    }
}
