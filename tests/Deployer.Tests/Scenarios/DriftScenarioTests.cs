using Dm.Common.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class DriftScenarioTests
{
    [Fact]
    public async Task A_field_changed_by_someone_else_is_taken_back_and_reported()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Someone scales web by hand and edits the ConfigMap.
        await DeployerScenario.PatchAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web", """{"spec":{"replicas":5}}""");
        await DeployerScenario.PatchAsync(s.Sim, "/api/v1/namespaces/dev/configmaps/settings", """{"data":{"greeting":"hacked"}}""");

        // 2. The next round re-applies both and reports DriftCorrected.
        var mark = s.Sim.RequestLog.Count;
        await s.RefreshAsync();
        var status = await s.WaitForAsync("dev", e => e.State == EnvironmentState.Clean && e.Resources["web"].Reason == StatusReasons.DriftCorrected && e.Resources["settings"].Reason == StatusReasons.DriftCorrected, "reports the drift");
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
}
