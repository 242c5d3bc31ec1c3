using Dm.Domain;
using Dm.Status;
using Dm.TestSupport.Metrics;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class FailureScenarioTests
{
    [Fact]
    public async Task A_failing_image_reports_the_progress_deadline_and_a_fixed_version_makes_it_clean()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        var init = await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. web gets an image that never becomes ready: Failed with the progress-deadline message; the others stay healthy.
        var bad = await s.CommitAsync("web fail", ("dev/version/web.yaml", "version: \"1.1\"\nimage: registry.example.com/web:fail\n"));
        await s.RefreshAsync();
        var failed = await s.WaitForStateAsync("dev", EnvironmentState.Failed, bad);
        Assert.Equal(Reasons.ProgressDeadlineExceeded, failed.Reason);
        Assert.Equal(ResourceState.Failed, failed.Resources["web"].State);
        Assert.Equal(Reasons.ProgressDeadlineExceeded, failed.Resources["web"].Reason);
        Assert.Contains("exceeded its progress deadline", failed.Resources["web"].Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.Healthy, failed.Resources["api"].State);
        Assert.Equal(init.Revision, failed.HealthyRevision);

        // 2. A fixed version: Clean again, and the healthy revision moves.
        var fixedRevision = await s.CommitAsync("web fixed", ("dev/version/web.yaml", Repos.Version("web", "1.2")));
        await s.RefreshAsync();
        var clean = await s.WaitForStateAsync("dev", EnvironmentState.Clean, fixedRevision);
        Assert.Equal(fixedRevision, clean.HealthyRevision);
        Assert.Equal("1.2", clean.Resources["web"].Version);
    }

    [Fact]
    public async Task A_manifest_the_server_refuses_fails_alone_is_retried_and_a_render_error_is_kept_not_pruned()
    {
        var files = Repos.Standard();
        files["dev/deployable/broken.yaml"] = Repos.RefusedDeployment("broken");
        await using var s = await DeployerScenario.StartAsync(files);

        // 1. The 422 fails that resource with the server's message; the rest is applied and healthy.
        var status = await s.WaitForAsync("dev", e => e.State == EnvironmentState.Failed && e.Resources["web"].State == ResourceState.Healthy && e.Resources["api"].State == ResourceState.Healthy, "has broken failed and the rest healthy");
        Assert.Equal(Reasons.ApplyFailed, status.Resources["broken"].Reason);
        Assert.Contains("Invalid value: -1", status.Resources["broken"].Message, StringComparison.Ordinal);
        Assert.Contains("422", status.Resources["broken"].Message, StringComparison.Ordinal);

        // 2. It is retried with backoff without a new commit.
        var patches = DeployerScenario.Writes(s.Sim).Count(w => w.Path.EndsWith("/deployments/broken", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => DeployerScenario.Writes(s.Sim).Count(w => w.Path.EndsWith("/deployments/broken", StringComparison.Ordinal)) > patches, "the refused apply is retried");

        // 3. The fix arrives; meanwhile web's template breaks (unknown placeholder): web is RenderFailed and its live object is kept.
        var fix = await s.CommitAsync(
            "fix broken, break web",
            ("dev/deployable/broken.yaml", files["dev/deployable/broken.yaml"].Replace("replicas: -1", "replicas: 1", StringComparison.Ordinal)),
            ("dev/base/web.yaml", Repos.DeploymentBase("web").Replace("${image}", "${missing}", StringComparison.Ordinal)));
        await s.RefreshAsync();
        status = await s.WaitForAsync("dev", e => e.Revision == fix && e.Resources["broken"].State == ResourceState.Healthy, "has broken healthy");
        Assert.Equal(EnvironmentState.Failed, status.State);
        Assert.Equal(Reasons.RenderFailed, status.Resources["web"].Reason);
        Assert.Contains("${missing}", status.Resources["web"].Message, StringComparison.Ordinal);
        Assert.NotNull(await DeployerScenario.GetAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web"));
        Assert.DoesNotContain(DeployerScenario.Writes(s.Sim), w => w.Method == "DELETE");

        // 4. /metrics counts each kind of failure under its own reason.
        var metrics = await s.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.True(ErrorCount(metrics, "ApplyFailed") >= 2, metrics);
        Assert.True(ErrorCount(metrics, "RenderFailed") >= 1, metrics);
    }

    /// <summary>The count of one reason's errors in dev, from the parsed exposition (0 while it has no series).</summary>
    private static double ErrorCount(string metrics, string reason) =>
        PrometheusTextParser.Parse(metrics).Single(f => f.Name == "dm_deployer_errors_total").Samples
            .SingleOrDefault(x => x.Label("environment") == "dev" && x.Label("reason") == reason)?.Value ?? 0;
}
