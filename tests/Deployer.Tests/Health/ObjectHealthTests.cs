using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Domain;

namespace Dm.Deployer.Tests.Health;

public sealed class ObjectHealthTests
{
    [Theory]
    [InlineData("deployment-rolled-out.json", HealthState.Healthy, null, "deployment \"web\" successfully rolled out")]
    [InlineData("deployment-spec-not-observed.json", HealthState.Progressing, "RolloutInProgress", "Waiting for deployment \"web\" spec update to be observed...")]
    [InlineData("deployment-updating.json", HealthState.Progressing, "RolloutInProgress", "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...")]
    [InlineData("deployment-old-replicas-terminating.json", HealthState.Progressing, "RolloutInProgress", "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...")]
    [InlineData("deployment-progress-deadline-exceeded.json", HealthState.Degraded, "ProgressDeadlineExceeded", "deployment \"web\" exceeded its progress deadline: ReplicaSet \"web-6b7f\" has timed out progressing.")]
    [InlineData("statefulset-rolling.json", HealthState.Progressing, "RolloutInProgress", "waiting for statefulset rolling update to complete 1 pods at revision db-7d4b...")]
    [InlineData("statefulset-ready.json", HealthState.Healthy, null, "statefulset rolling update complete 3 pods at revision db-7d4b...")]
    [InlineData("daemonset-updating.json", HealthState.Progressing, "RolloutInProgress", "Waiting for daemon set \"agent\" rollout to finish: 2 out of 3 new pods have been updated...")]
    [InlineData("daemonset-ready.json", HealthState.Healthy, null, "daemon set \"agent\" successfully rolled out")]
    [InlineData("job-running.json", HealthState.Progressing, "RolloutInProgress", "job \"migrate\" is running: 1 active, 0 succeeded")]
    [InlineData("job-complete.json", HealthState.Healthy, null, "job \"migrate\" completed")]
    [InlineData("job-failed.json", HealthState.Degraded, "JobFailed", "job \"migrate\" failed: BackoffLimitExceeded: Job has reached the specified backoff limit")]
    [InlineData("pvc-pending.json", HealthState.Progressing, "RolloutInProgress", "Waiting for persistent volume claim \"data\" to be bound (phase Pending)")]
    [InlineData("pvc-bound.json", HealthState.Healthy, null, "persistent volume claim \"data\" is bound")]
    [InlineData("configmap.json", HealthState.Healthy, null, "applied")]
    [InlineData("deployment-available-lagging.json", HealthState.Progressing, "RolloutInProgress", "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...")]
    [InlineData("statefulset-defaulted-revision-lagging.json", HealthState.Healthy, null, "partitioned roll out complete: 3 new pods have been updated...")]
    [InlineData("statefulset-partitioned-pending.json", HealthState.Progressing, "RolloutInProgress", "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...")]
    [InlineData("statefulset-partitioned-done.json", HealthState.Healthy, null, "partitioned roll out complete: 1 new pods have been updated...")]
    [InlineData("statefulset-pods-not-ready.json", HealthState.Progressing, "RolloutInProgress", "Waiting for 2 pods to be ready...")]
    [InlineData("statefulset-spec-not-observed.json", HealthState.Progressing, "RolloutInProgress", "Waiting for statefulset \"db\" spec update to be observed...")]
    [InlineData("statefulset-ondelete.json", HealthState.Healthy, null, "statefulset \"db\" uses the OnDelete update strategy")]
    [InlineData("daemonset-spec-not-observed.json", HealthState.Progressing, "RolloutInProgress", "Waiting for daemon set spec update to be observed...")]
    [InlineData("daemonset-unavailable.json", HealthState.Progressing, "RolloutInProgress", "Waiting for daemon set \"agent\" rollout to finish: 2 of 3 updated pods are available...")]
    [InlineData("daemonset-ondelete.json", HealthState.Healthy, null, "daemon set \"agent\" uses the OnDelete update strategy")]
    [InlineData("pvc-lost.json", HealthState.Degraded, "ClaimLost", "persistent volume claim \"data\" lost its volume")]
    public void Real_status_shapes_are_assessed_like_kubectl_rollout_status(string file, HealthState state, string? reason, string message)
    {
        var live = JsonNode.Parse(File.ReadAllText(Path.Combine("testdata", "health", file)))!.AsObject();
        var apiVersion = (string)live["apiVersion"]!;
        var key = ResourceKey.FromApiVersion(apiVersion, (string)live["kind"]!, (string?)live["metadata"]!["namespace"], (string)live["metadata"]!["name"]!);

        var health = ObjectHealth.Assess(key, live);

        Assert.Equal(new HealthStatus(state, reason, message), health);
    }

    [Fact]
    public void The_worst_status_wins()
    {
        var healthy = HealthStatus.Healthy("ok");
        var progressing = HealthStatus.Progressing("moving");
        var degraded = HealthStatus.Degraded("JobFailed", "failed");

        Assert.Equal(degraded, HealthStatus.Worst([healthy, progressing, degraded, progressing]));
        Assert.Equal(progressing, HealthStatus.Worst([healthy, progressing]));
        Assert.Equal(HealthState.Healthy, HealthStatus.Worst([]).State);
    }
}
