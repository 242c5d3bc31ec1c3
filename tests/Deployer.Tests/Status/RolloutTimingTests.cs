using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Deployer.Reconcile;
using Dm.Deployer.Status;
using Dm.Domain;
using Dm.Status;

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
        var (_, last) = EnvironmentStatusBuilder.Rollout(Before(ResourceState.Failed, T0, null, Reasons.ProgressDeadlineExceeded), changedNow: false, ResourceState.Healthy, T0.AddSeconds(90));

        Assert.Equal(90.0, last);
    }

    [Theory]
    [InlineData(ResourceState.Unknown, null)]
    [InlineData(ResourceState.Failed, Reasons.RenderFailed)]
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

    private static readonly ResourceKey Web = new("apps", "Deployment", "dev", "web");
    private static readonly ResourceKey Settings = new("", "ConfigMap", "dev", "settings");
    private static readonly ResourceKey Db = new("apps", "StatefulSet", "dev", "db");

    private static JsonObject Deployment(string? reason, string? lastUpdate) => new()
    {
        ["status"] = new JsonObject
        {
            ["conditions"] = reason is null ? new JsonArray() : new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = reason, ["lastUpdateTime"] = lastUpdate }),
        },
    };

    [Fact]
    public void After_a_restart_a_healthy_resource_took_from_its_last_apply_to_its_latest_finish()
    {
        var (started, last) = EnvironmentStatusBuilder.RecoveredRollout(
            [(Web, Deployment("NewReplicaSetAvailable", "2026-11-22T03:00:42Z")), (Settings, new JsonObject())],
            ResourceState.Healthy,
            lastApplied: T0);

        Assert.Equal((T0, 42.0), (started, last));
    }

    [Fact]
    public void After_a_restart_a_finish_before_the_last_apply_counts_as_no_time_and_a_config_map_as_none()
    {
        Assert.Equal(0.0, EnvironmentStatusBuilder.RecoveredRollout([(Web, Deployment("NewReplicaSetAvailable", "2026-11-22T02:00:00Z"))], ResourceState.Healthy, T0).LastSeconds);
        Assert.Equal(0.0, EnvironmentStatusBuilder.RecoveredRollout([(Settings, new JsonObject())], ResourceState.Healthy, T0).LastSeconds);
    }

    [Fact]
    public void After_a_restart_an_open_rollout_started_at_the_last_apply_and_an_unknown_finish_stays_unknown()
    {
        Assert.Equal((T0, (double?)null), EnvironmentStatusBuilder.RecoveredRollout([(Web, Deployment("ReplicaSetUpdated", "2026-11-22T03:00:05Z"))], ResourceState.Progressing, T0));
        Assert.Equal((T0, (double?)null), EnvironmentStatusBuilder.RecoveredRollout([(Web, Deployment(null, null))], ResourceState.Healthy, T0));
        Assert.Equal((T0, (double?)null), EnvironmentStatusBuilder.RecoveredRollout([(Db, new JsonObject())], ResourceState.Healthy, T0));
        Assert.Equal((T0, (double?)null), EnvironmentStatusBuilder.RecoveredRollout([(Web, null)], ResourceState.Healthy, T0));
    }

    [Fact]
    public void After_a_restart_without_an_apply_by_dm_on_record_nothing_is_reported()
    {
        Assert.Equal((null, null), EnvironmentStatusBuilder.RecoveredRollout([(Settings, new JsonObject())], ResourceState.Healthy, lastApplied: null));
    }

    [Fact]
    public void A_job_finishes_at_its_completion_time()
    {
        var job = new JsonObject { ["status"] = new JsonObject { ["completionTime"] = "2026-11-22T03:01:00Z" } };

        Assert.Equal(new RolloutFinish(true, T0.AddMinutes(1)), RolloutCompletion.FinishedAt(new ResourceKey("batch", "Job", "dev", "migrate"), job));
        Assert.Equal(RolloutFinish.Unknown, RolloutCompletion.FinishedAt(new ResourceKey("batch", "Job", "dev", "migrate"), new JsonObject()));
    }
}
