using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Dm.ClusterSimulator.Tests;

/// <summary>The rollout controller moves workload status like the real controllers (fast rollout speed).</summary>
public sealed class RolloutControllerTests
{
    private static SimulatorOptions Fast => new() { RolloutSpeed = 20, PodReadySeconds = 2 };

    [Fact]
    public async Task A_deployment_rolls_out_with_a_replica_set_and_ready_pods()
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web", replicas: 3), "t"));

        JsonObject deployment = new();
        await Eventually.HoldsAsync(
            async () =>
            {
                deployment = await ApiClient.MustAsync(client.GetAsync(path));
                return Fixtures.Condition(deployment, "Progressing") == "NewReplicaSetAvailable";
            },
            "the deployment rolled out");

        var status = deployment["status"]!;
        Assert.Equal(1, (int?)status["observedGeneration"]);
        Assert.Equal(3, (int?)status["replicas"]);
        Assert.Equal(3, (int?)status["updatedReplicas"]);
        Assert.Equal(3, (int?)status["readyReplicas"]);
        Assert.Equal(3, (int?)status["availableReplicas"]);
        Assert.Equal("True", Fixtures.Condition(deployment, "Available", "status"));
        var replicaSet = (await ApiClient.MustAsync(client.GetAsync("/apis/apps/v1/namespaces/default/replicasets")))["items"]!.AsArray().Single()!;
        Assert.StartsWith("web-", (string?)replicaSet["metadata"]!["name"], StringComparison.Ordinal);
        Assert.Equal((string?)deployment["metadata"]!["uid"], (string?)replicaSet["metadata"]!["ownerReferences"]![0]!["uid"]);
        var pods = (await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb")))["items"]!.AsArray();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal("Running", (string?)p!["status"]!["phase"]));
    }

    [Fact]
    public async Task Rollouts_record_events_and_running_pods_have_a_log()
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.ApplyAsync("/apis/apps/v1/namespaces/default/deployments/web", Fixtures.DeploymentYaml("web", replicas: 1), "t"));
        JsonArray pods = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                pods = (await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods")))["items"]!.AsArray();
                return pods.Count == 1 && (string?)pods[0]!["status"]!["phase"] == "Running";
            },
            "the pod runs");

        var events = (await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DDeployment")))["items"]!.AsArray();
        using var log = await client.Http.GetAsync($"/api/v1/namespaces/default/pods/{(string?)pods[0]!["metadata"]!["name"]}/log");

        var scaled = Assert.Single(events);
        Assert.Equal("ScalingReplicaSet", (string?)scaled!["reason"]);
        Assert.Equal("web", (string?)scaled["involvedObject"]!["name"]);
        Assert.Equal(System.Net.HttpStatusCode.OK, log.StatusCode);
        Assert.Contains("runs image nginx:1.27", await log.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_template_replaces_the_replica_set_and_observes_the_new_generation()
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web"), "t"));
        await Eventually.HoldsAsync(async () => Fixtures.Condition(await ApiClient.MustAsync(client.GetAsync(path)), "Progressing") == "NewReplicaSetAvailable", "first rollout");

        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web", image: "nginx:2"), "t"));

        await Eventually.HoldsAsync(
            async () =>
            {
                var d = await ApiClient.MustAsync(client.GetAsync(path));
                var pods = (await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods")))["items"]!.AsArray();
                return (int?)d["status"]!["observedGeneration"] == 2 && Fixtures.Condition(d, "Progressing") == "NewReplicaSetAvailable"
                    && pods.Count == 2 && pods.All(p => (string?)p!["spec"]!["containers"]![0]!["image"] == "nginx:2");
            },
            "the second rollout replaced the pods");
        var replicaSets = (await ApiClient.MustAsync(client.GetAsync("/apis/apps/v1/namespaces/default/replicasets")))["items"]!.AsArray();
        Assert.Equal(2, replicaSets.Count);
        Assert.Contains(replicaSets, r => (int?)r!["spec"]!["replicas"] == 0);
    }

    [Theory]
    [InlineData("nginx:fail", null)]
    [InlineData("nginx:1.27", "dm.simulator/fail")]
    public async Task A_failing_image_exceeds_the_progress_deadline(string image, string? annotation)
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/bad";
        var yaml = Fixtures.DeploymentYaml("bad", image: image, replicas: 1, progressDeadlineSeconds: 4);
        if (annotation is not null)
        {
            yaml = yaml.Replace("      labels:\n        app: bad\n    spec:", $"      labels:\n        app: bad\n      annotations:\n        {annotation}: \"true\"\n    spec:", StringComparison.Ordinal);
        }

        await ApiClient.MustAsync(client.ApplyAsync(path, yaml, "t"));

        JsonObject deployment = new();
        await Eventually.HoldsAsync(
            async () =>
            {
                deployment = await ApiClient.MustAsync(client.GetAsync(path));
                return Fixtures.Condition(deployment, "Progressing") == "ProgressDeadlineExceeded";
            },
            "the deadline passed");
        Assert.Equal("False", Fixtures.Condition(deployment, "Progressing", "status"));
        Assert.Null(deployment["status"]!["availableReplicas"]);
        var pod = (await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods")))["items"]!.AsArray().Single()!;
        Assert.Equal("ImagePullBackOff", (string?)pod["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]);
    }

    [Fact]
    public async Task The_deadline_follows_the_injected_time_provider()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { TimeProvider = time, ControllerInterval = TimeSpan.FromSeconds(1) });
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/bad";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("bad", image: "x:fail", replicas: 1, progressDeadlineSeconds: 30), "t"));

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => Fixtures.Condition(await ApiClient.MustAsync(client.GetAsync(path)), "Progressing") == "ReplicaSetUpdated", "the rollout started");
        for (var i = 0; i < 40; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.HoldsAsync(async () => Fixtures.Condition(await ApiClient.MustAsync(client.GetAsync(path)), "Progressing") == "ProgressDeadlineExceeded", "the deadline passed in simulated time");
    }

    [Fact]
    public async Task Scaling_a_finished_deployment_is_progress_not_a_missed_deadline()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { TimeProvider = time, ControllerInterval = TimeSpan.FromSeconds(1), PodReadySeconds = 2 });
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web", replicas: 1, progressDeadlineSeconds: 30), "t"));
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.HoldsAsync(async () => Fixtures.Condition(await ApiClient.MustAsync(client.GetAsync(path)), "Progressing") == "NewReplicaSetAvailable", "the first rollout finished");

        // 1. The deployment stays finished for longer than its deadline.
        for (var i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // 2. Only its replicas change: the next pass reports progress, never the deadline.
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web", replicas: 3, progressDeadlineSeconds: 30), "t"));
        var seen = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var deployment = await Eventually.ReturnsAsync(async () => await ApiClient.MustAsync(client.GetAsync(path)), d => (int?)d["status"]?["observedGeneration"] == 2, "the scale-up was observed");
            seen.Add(Fixtures.Condition(deployment, "Progressing"));
        }

        Assert.DoesNotContain("ProgressDeadlineExceeded", seen);
        await Eventually.HoldsAsync(
            async () => (int?)(await ApiClient.MustAsync(client.GetAsync(path)))["status"]!["availableReplicas"] == 3 && Fixtures.Condition(await ApiClient.MustAsync(client.GetAsync(path)), "Progressing") == "NewReplicaSetAvailable",
            "the scale-up finished");
    }

    [Fact]
    public async Task Stateful_sets_create_ordered_pods_and_converge_revisions()
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/statefulsets/db";
        var yaml = Fixtures.DeploymentYaml("db", replicas: 2).Replace("kind: Deployment", "kind: StatefulSet", StringComparison.Ordinal).Replace("  progressDeadlineSeconds: 600\n", "  serviceName: db\n", StringComparison.Ordinal);
        await ApiClient.MustAsync(client.ApplyAsync(path, yaml, "t"));

        JsonObject sts = new();
        await Eventually.HoldsAsync(
            async () =>
            {
                sts = await ApiClient.MustAsync(client.GetAsync(path));
                return (int?)sts["status"]?["readyReplicas"] == 2 && (string?)sts["status"]!["currentRevision"] == (string?)sts["status"]!["updateRevision"];
            },
            "the stateful set is ready");
        Assert.NotNull(await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods/db-0")));
        Assert.NotNull(await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods/db-1")));
    }

    [Fact]
    public async Task Daemon_sets_run_one_pod_per_simulated_node()
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/daemonsets/agent";
        var yaml = Fixtures.DeploymentYaml("agent").Replace("kind: Deployment", "kind: DaemonSet", StringComparison.Ordinal).Replace("  replicas: 2\n  progressDeadlineSeconds: 600\n", string.Empty, StringComparison.Ordinal);
        await ApiClient.MustAsync(client.ApplyAsync(path, yaml, "t"));

        await Eventually.HoldsAsync(
            async () =>
            {
                var ds = await ApiClient.MustAsync(client.GetAsync(path));
                return (int?)ds["status"]?["desiredNumberScheduled"] == 3 && (int?)ds["status"]!["numberAvailable"] == 3 && (int?)ds["status"]!["updatedNumberScheduled"] == 3;
            },
            "the daemon set is available on 3 nodes");
    }

    [Theory]
    [InlineData("busybox:1", "Complete")]
    [InlineData("busybox:fail", "Failed")]
    public async Task Jobs_complete_or_fail(string image, string condition)
    {
        await using var simulator = await Fixtures.StartAsync(Fast);
        using var client = new ApiClient(simulator);
        var path = "/apis/batch/v1/namespaces/default/jobs/once";
        var yaml = $"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: {image}\n";
        await ApiClient.MustAsync(client.ApplyAsync(path, yaml, "t"));

        JsonObject job = new();
        await Eventually.HoldsAsync(
            async () =>
            {
                job = await ApiClient.MustAsync(client.GetAsync(path));
                return Fixtures.Condition(job, condition, "status") == "True";
            },
            $"the job reached {condition}");
        if (condition == "Complete")
        {
            Assert.Equal(1, (int?)job["status"]!["succeeded"]);
        }
        else
        {
            Assert.Equal("BackoffLimitExceeded", Fixtures.Condition(job, "Failed"));
            Assert.Equal(2, (int?)job["status"]!["failed"]);
        }
    }
}
