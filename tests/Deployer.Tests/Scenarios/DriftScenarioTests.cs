using System.Text;
using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Status;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class DriftScenarioTests
{
    [Fact]
    public async Task A_field_changed_by_someone_else_is_taken_back_and_reported()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Someone scales web by hand and edits the ConfigMap.
        var mark = s.Sim.RequestLog.Count; // before the edits: the watch may take the first back before the second is made
        await DeployerScenario.PatchAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web", """{"spec":{"replicas":5}}""");
        await DeployerScenario.PatchAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings", """{"data":{"greeting":"hacked"}}""");

        // 2. The next round (or the watch) re-applies both, once each, and reports DriftCorrected.
        await s.RefreshAsync();
        var status = await s.WaitForAsync("dev", e => e.State == EnvironmentState.Clean && e.Resources["web"].Reason == Reasons.DriftCorrected && e.Resources["settings"].Reason == Reasons.DriftCorrected, "reports the drift");
        Assert.Contains("spec.replicas is 5, DM applied 2", status.Resources["web"].Message, StringComparison.Ordinal);
        Assert.Contains("data.greeting is \"hacked\"", status.Resources["settings"].LastDriftCorrection, StringComparison.Ordinal);
        Assert.NotNull(status.Resources["web"].LastDriftCorrectedAt);
        Assert.Null(status.Resources["api"].LastDriftCorrectedAt);
        var web = await DeployerScenario.GetAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web");
        Assert.Equal(2, (int)web!["spec"]!["replicas"]!);
        var settings = await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings");
        Assert.Equal("hello", (string?)settings!["data"]!["greeting"]);
        Assert.Equal(2, DeployerScenario.Writes(s.Sim, mark).Count);
        var metrics = await s.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("dm_deployer_drift_corrections_total{environment=\"dev\"} 2", metrics, StringComparison.Ordinal);

        // 3. Afterwards, rounds write nothing.
        var clean = await s.WaitForStateAsync("dev", EnvironmentState.Clean);
        mark = s.Sim.RequestLog.Count;
        for (var round = 0; round < 2; round++)
        {
            var before = (await s.StatusAsync()).Environments["dev"].LastReconciledAt;
            await s.RefreshAsync();
            await s.WaitForAsync("dev", e => e.LastReconciledAt > before, "another round ran");
        }

        Assert.Empty(DeployerScenario.Writes(s.Sim, mark));

        // 4. Without any refresh or poll, the watch sees the next edit and it is taken back.
        mark = s.Sim.RequestLog.Count;
        await DeployerScenario.PatchAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings", """{"data":{"greeting":"again"}}""");
        await Eventually.HoldsAsync(async () => (string?)(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings"))!["data"]!["greeting"] == "hello", "the watch-triggered round took the edit back");
        var after = await s.WaitForAsync("dev", e => e.Resources["settings"].LastDriftCorrection?.Contains("\"again\"", StringComparison.Ordinal) == true, "reports the second drift");
        Assert.Equal(EnvironmentState.Clean, after.State);
        Assert.Single(DeployerScenario.Writes(s.Sim, mark)); // DM took it back with one apply
    }

    private const string CredsPath = "/api/v1/namespaces/dev/secrets/creds";
    private const string WorkerPath = "/apis/apps/v1/namespaces/dev/deployments/worker";

    /// <summary>A Secret with data and stringData, and a Deployment whose container has an env var and resources the server stores in another spelling.</summary>
    private static Dictionary<string, string> WithSecretAndWorker()
    {
        var files = Repos.Standard();
        files["dev/deployable/creds.yaml"] = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: creds
            type: Opaque
            data:
              token: {Base64("tok-value-1")}
            stringData:
              password: pw-value-1
            """;
        files["dev/deployable/worker.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: worker
            spec:
              replicas: 1
              progressDeadlineSeconds: 10
              selector:
                matchLabels:
                  app: worker
              template:
                metadata:
                  labels:
                    app: worker
                spec:
                  containers:
                  - name: worker
                    image: registry.example.com/worker:1.0
                    env:
                    - name: MODE
                      value: batch
                    ports:
                    - containerPort: 8080
                    resources:
                      limits:
                        cpu: 0.5
                        memory: 0.25Gi
                      requests:
                        cpu: 250m
                        memory: 262144Ki
            """;
        return files;
    }

    [Fact]
    public async Task A_Secret_deployed_with_stringData_and_resources_in_any_spelling_cost_no_write_in_later_rounds()
    {
        await using var s = await DeployerScenario.StartAsync(WithSecretAndWorker());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. The cluster stores stringData as data and quantities canonically (as a real API server does).
        var creds = await DeployerScenario.GetAsync(s.Sim, CredsPath);
        Assert.Null(creds!["stringData"]);
        Assert.Equal(Base64("pw-value-1"), (string?)creds["data"]!["password"]);
        var worker = await DeployerScenario.GetAsync(s.Sim, WorkerPath);
        Assert.Equal(
            """{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"250m","memory":"256Mi"}}""",
            worker!["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!.ToJsonString());

        // 2. Round after round, nothing is written and no drift is reported.
        var mark = s.Sim.RequestLog.Count;
        await RoundsAsync(s, 3);
        Assert.Empty(DeployerScenario.Writes(s.Sim, mark));
        var status = (await s.StatusAsync()).Environments["dev"];
        Assert.Equal(EnvironmentState.Clean, status.State);
        Assert.Null(status.Resources["creds"].LastDriftCorrection);
        Assert.Null(status.Resources["worker"].LastDriftCorrection);
        Assert.DoesNotContain("dm_deployer_drift_corrections_total{environment=\"dev\"} 1", await s.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_other_managers_add_to_a_container_are_left_alone_and_a_changed_value_of_DMs_is_taken_back()
    {
        await using var s = await DeployerScenario.StartAsync(WithSecretAndWorker());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Someone runs `kubectl set env deployment/worker EXTRA=1` (a strategic merge patch of their own field manager),
        //    and a sidecar injector applies a proxy container with its own field manager.
        var mark = s.Sim.RequestLog.Count;
        await StrategicPatchAsync(s.Sim, WorkerPath, "kubectl-set", """{"spec":{"template":{"spec":{"containers":[{"name":"worker","env":[{"name":"EXTRA","value":"1"}]}]}}}}""");
        await ApplyAsAsync(s.Sim, WorkerPath, "injector", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"worker"},"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"registry.example.com/proxy:1.0"}]}}}}""");

        // 2. The rollout of their change ends Clean and later rounds write nothing: their items survive DM's apply, so they are no drift.
        await s.WaitForStateAsync("dev", EnvironmentState.Clean);
        await RoundsAsync(s, 3);
        Assert.Empty(DeployerScenario.Writes(s.Sim, mark));
        var status = (await s.StatusAsync()).Environments["dev"];
        Assert.Null(status.Resources["worker"].LastDriftCorrection);
        var worker = (await DeployerScenario.GetAsync(s.Sim, WorkerPath))!;
        var containers = worker["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["proxy", "worker"], containers.Select(c => (string?)c!["name"]).Order(StringComparer.Ordinal));
        Assert.Equal(["EXTRA", "MODE"], containers.Single(c => (string?)c!["name"] == "worker")!["env"]!.AsArray().Select(e => (string?)e!["name"]).Order(StringComparer.Ordinal));

        // 3. A value DM applied is changed (kubectl set env MODE=debug): drift, named by key, taken back with one apply; EXTRA stays.
        mark = s.Sim.RequestLog.Count;
        await StrategicPatchAsync(s.Sim, WorkerPath, "kubectl-set", """{"spec":{"template":{"spec":{"containers":[{"name":"worker","env":[{"name":"MODE","value":"debug"}]}]}}}}""");
        var corrected = await s.WaitForAsync("dev", e => e.State == EnvironmentState.Clean && e.Resources["worker"].LastDriftCorrection is not null, "reports the drift");
        Assert.Contains("spec.template.spec.containers[worker].env[MODE].value is \"debug\", DM applied \"batch\"", corrected.Resources["worker"].LastDriftCorrection, StringComparison.Ordinal);
        worker = (await DeployerScenario.GetAsync(s.Sim, WorkerPath))!;
        var env = worker["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "worker")!["env"]!.AsArray();
        Assert.Equal(["EXTRA=1", "MODE=batch"], env.Select(e => $"{(string?)e!["name"]}={(string?)e["value"]}").Order(StringComparer.Ordinal));
        Assert.Single(DeployerScenario.Writes(s.Sim, mark));
    }

    [Fact]
    public async Task An_edited_Secret_is_taken_back_and_no_value_of_it_reaches_the_status()
    {
        await using var s = await DeployerScenario.StartAsync(WithSecretAndWorker());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Someone edits both keys of the Secret (kubectl edit: a merge patch of data).
        var mark = s.Sim.RequestLog.Count;
        await DeployerScenario.PatchAsync(s.Sim, CredsPath, new JsonObject { ["data"] = new JsonObject { ["password"] = Base64("pw-hacked-2"), ["token"] = Base64("tok-hacked-2") } }.ToJsonString());

        // 2. DM re-applies it (one write) and reports which key drifted, without its values.
        var status = await s.WaitForAsync("dev", e => e.State == EnvironmentState.Clean && e.Resources["creds"].Reason == Reasons.DriftCorrected, "reports the drift");
        var message = status.Resources["creds"].LastDriftCorrection;
        Assert.NotNull(message);
        Assert.Matches("data\\.(password|token) (differs from what DM applied|is absent)", message);
        var creds = (await DeployerScenario.GetAsync(s.Sim, CredsPath))!;
        Assert.Equal(Base64("pw-value-1"), (string?)creds["data"]!["password"]);
        Assert.Equal(Base64("tok-value-1"), (string?)creds["data"]!["token"]);
        Assert.Single(DeployerScenario.Writes(s.Sim, mark));

        // 3. Neither the applied nor the edited values, plain or base64, are anywhere in GET /api/status.
        var json = await s.Http.GetStringAsync(new Uri("api/status", UriKind.Relative));
        Assert.Contains("DriftCorrected", json, StringComparison.Ordinal);
        foreach (var value in new[] { "pw-value-1", "tok-value-1", "pw-hacked-2", "tok-hacked-2" })
        {
            Assert.DoesNotContain(value, json, StringComparison.Ordinal);
            Assert.DoesNotContain(Base64(value), json, StringComparison.Ordinal);
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Runs <paramref name="count"/> full rounds of dev (refresh, then wait for the next reconcile time).</summary>
    private static async Task RoundsAsync(DeployerScenario s, int count)
    {
        for (var round = 0; round < count; round++)
        {
            var before = (await s.StatusAsync()).Environments["dev"].LastReconciledAt;
            await s.RefreshAsync();
            await s.WaitForAsync("dev", e => e.LastReconciledAt > before, "another round ran");
        }
    }

    /// <summary>Changes a live object as <c>kubectl set</c>/<c>patch</c> does: a strategic merge patch (lists merged by key).</summary>
    private static async Task StrategicPatchAsync(Simulator sim, string path, string fieldManager, string patch)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        using var content = new StringContent(patch, Encoding.UTF8, "application/strategic-merge-patch+json");
        using var response = await http.PatchAsync(new Uri($"{path.TrimStart('/')}?fieldManager={fieldManager}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A server-side apply by another field manager (a controller such as a sidecar injector).</summary>
    private static async Task ApplyAsAsync(Simulator sim, string path, string fieldManager, string body)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        using var content = new StringContent(body, Encoding.UTF8, "application/apply-patch+yaml");
        using var response = await http.PatchAsync(new Uri($"{path.TrimStart('/')}?fieldManager={fieldManager}&force=true", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }
}
