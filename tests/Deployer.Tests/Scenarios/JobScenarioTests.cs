using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class JobScenarioTests
{
    private static string Job(string image) => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          ttlSecondsAfterFinished: 30
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: migrate
                image: {image}
        """;

    [Fact]
    public async Task A_completed_job_deleted_by_its_ttl_is_not_run_again_until_its_content_changes()
    {
        var files = Repos.Standard();
        files["dev/deployable/migrate.yaml"] = Job("registry.example.com/migrate:1");
        await using var s = await DeployerScenario.StartAsync(files);
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. The Job completed: the inventory records the content it completed at.
        await Eventually.HoldsAsync(
            async () => ((string?)(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/dm-inventory-dev"))?["data"]?["objects"])?
                .Split('\n').Any(l => l.StartsWith("migrate\tbatch\tJob\tdev\tmigrate\t", StringComparison.Ordinal)) == true,
            "the inventory records the completed Job");

        // 2. Its TTL runs out and the TTL controller deletes it: DM wakes up, and does not create it again.
        var mark = s.Sim.RequestLog.Count;
        var rounds = (await s.StatusAsync()).Environments["dev"].LastReconciledAt;
        using (var http = new HttpClient { BaseAddress = s.Sim.BaseAddress })
        {
            (await http.DeleteAsync(new Uri("apis/batch/v1/namespaces/dev/jobs/migrate?propagationPolicy=Background", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var done = await s.WaitForAsync("dev", e => e.LastReconciledAt > rounds, "reconciles after the deletion");
        Assert.Equal(EnvironmentState.Clean, done.State);
        Assert.Equal(ResourceState.Healthy, done.Resources["migrate"].State);
        Assert.Contains("ran at this content", done.Resources["migrate"].Message, StringComparison.Ordinal);
        await s.RefreshAsync();
        await s.WaitForAsync("dev", e => e.LastReconciledAt > done.LastReconciledAt, "reconciles again");
        Assert.DoesNotContain(DeployerScenario.Writes(s.Sim, mark), w => w.Method != "DELETE" && w.Path.Contains("/jobs/", StringComparison.Ordinal));
        Assert.Null(await DeployerScenario.GetAsync(s.Sim, "/apis/batch/v1/namespaces/dev/jobs/migrate"));

        // 3. A new image is a new run: the Job is created again and completes.
        var next = await s.CommitAsync("migrate 2", ("dev/deployable/migrate.yaml", Job("registry.example.com/migrate:2")));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, next);
        var job = await DeployerScenario.GetAsync(s.Sim, "/apis/batch/v1/namespaces/dev/jobs/migrate");
        Assert.Equal("registry.example.com/migrate:2", (string?)job!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task A_changed_job_is_run_again_by_replacing_the_finished_one_as_its_template_is_immutable()
    {
        var files = Repos.Standard();
        files["dev/deployable/migrate.yaml"] = Job("registry.example.com/migrate:1");
        await using var s = await DeployerScenario.StartAsync(files);
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        var first = await DeployerScenario.GetAsync(s.Sim, "/apis/batch/v1/namespaces/dev/jobs/migrate");

        // 1. A new image: the server refuses to change the finished Job's template, so DM deletes it and creates the new one.
        var mark = s.Sim.RequestLog.Count;
        var next = await s.CommitAsync("migrate 2", ("dev/deployable/migrate.yaml", Job("registry.example.com/migrate:2")));
        await s.RefreshAsync();
        var clean = await s.WaitForStateAsync("dev", EnvironmentState.Clean, next);
        var job = await DeployerScenario.GetAsync(s.Sim, "/apis/batch/v1/namespaces/dev/jobs/migrate");
        Assert.Equal("registry.example.com/migrate:2", (string?)job!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.NotEqual((string?)first!["metadata"]!["uid"], (string?)job["metadata"]!["uid"]);
        Assert.Contains(s.Sim.RequestLog.Snapshot().Skip(mark), e => e.Method == "PATCH" && e.StatusCode == 422 && e.Path.EndsWith("/jobs/migrate", StringComparison.Ordinal));
        Assert.Equal(["/apis/batch/v1/namespaces/dev/jobs/migrate"], DeployerScenario.Writes(s.Sim, mark).Where(w => w.Method == "DELETE").Select(w => w.Path));
        Assert.Equal(ResourceState.Healthy, clean.Resources["migrate"].State);
    }

    [Fact]
    public async Task A_changed_job_that_is_still_running_is_left_to_finish_and_says_so()
    {
        var files = Repos.Standard();
        files["dev/deployable/migrate.yaml"] = Job("registry.example.com/migrate:1");
        await using var s = await DeployerScenario.StartAsync(files, simulatorOptions: o => o with { RolloutSpeed = 0.05 });
        await s.WaitForAsync("dev", e => e.Resources.TryGetValue("migrate", out var m) && m.State == ResourceState.Progressing, "runs the Job");

        // 1. A new image while the Job runs: not deleted under its feet; the resource says why it waits.
        var next = await s.CommitAsync("migrate 2", ("dev/deployable/migrate.yaml", Job("registry.example.com/migrate:2")));
        await s.RefreshAsync();
        var waiting = await s.WaitForAsync("dev", e => e.Revision == next && e.Resources["migrate"].State == ResourceState.Failed, "reports the running Job");
        Assert.Contains("still running and its pod template is immutable", waiting.Resources["migrate"].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DeployerScenario.Writes(s.Sim), w => w.Method == "DELETE");
    }

    [Fact]
    public async Task A_job_deleted_before_dm_saw_it_finish_is_not_run_again()
    {
        // A TTL of 0 deletes a Job the moment it finishes, before DM may see it complete; so may a restart of DM.
        var files = Repos.Standard();
        files["dev/deployable/migrate.yaml"] = Job("registry.example.com/migrate:1");
        await using var s = await DeployerScenario.StartAsync(files, simulatorOptions: o => o with { RolloutSpeed = 0.05 });
        await s.WaitForAsync("dev", e => e.Resources.TryGetValue("migrate", out var m) && m.State == ResourceState.Progressing, "runs the Job");

        // 1. The inventory records the run as soon as DM created the Job.
        var inventory = await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/dm-inventory-dev");
        Assert.Contains("migrate\tbatch\tJob\tdev\tmigrate\t", (string?)inventory!["data"]!["objects"], StringComparison.Ordinal);

        // 2. The Job disappears: it is not created again.
        var mark = s.Sim.RequestLog.Count;
        var before = (await s.StatusAsync()).Environments["dev"].LastReconciledAt;
        using (var http = new HttpClient { BaseAddress = s.Sim.BaseAddress })
        {
            (await http.DeleteAsync(new Uri("apis/batch/v1/namespaces/dev/jobs/migrate?propagationPolicy=Background", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var after = await s.WaitForAsync("dev", e => e.LastReconciledAt > before && e.Resources["migrate"].State == ResourceState.Healthy, "takes the Job as run");
        Assert.Contains("ran at this content", after.Resources["migrate"].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DeployerScenario.Writes(s.Sim, mark), w => w.Method != "DELETE" && w.Path.Contains("/jobs/", StringComparison.Ordinal));
        Assert.Null(await DeployerScenario.GetAsync(s.Sim, "/apis/batch/v1/namespaces/dev/jobs/migrate"));
    }
}
