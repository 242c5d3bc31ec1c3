using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class RolloutTimingScenarioTests
{
    [Fact]
    public async Task A_changed_version_records_when_its_rollout_started_and_how_long_it_took()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        var first = await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. The first deploy is a rollout of every resource: a ConfigMap is done once applied, a Deployment when Healthy.
        Assert.All(first.Resources.Values, r => Assert.NotNull(r.RolloutStartedAt));
        Assert.Equal(0, first.Resources["settings"].LastRolloutSeconds);
        Assert.True(first.Resources["web"].LastRolloutSeconds > 0, $"web took {first.Resources["web"].LastRolloutSeconds} s");

        // 2. A new web version: its rollout starts at the apply and ends when web is Healthy again.
        var before = DateTimeOffset.UtcNow;
        var commit = await s.CommitAsync("web 1.1", ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        var status = await s.WaitForAsync("dev", e => e.Revision == commit && e.State == EnvironmentState.Clean, "is Clean at the new version");
        var after = DateTimeOffset.UtcNow;
        var web = status.Resources["web"];
        Assert.InRange(web.RolloutStartedAt!.Value, before, after);
        Assert.NotNull(web.LastRolloutSeconds);
        Assert.InRange(web.LastRolloutSeconds!.Value, double.Epsilon, (after - web.RolloutStartedAt.Value).TotalSeconds);

        // 3. The untouched resources keep their first rollout's figures.
        Assert.Equal(first.Resources["api"].RolloutStartedAt, status.Resources["api"].RolloutStartedAt);
        Assert.Equal(first.Resources["api"].LastRolloutSeconds, status.Resources["api"].LastRolloutSeconds);
    }

    [Fact]
    public async Task After_a_restart_rollout_timing_is_recovered_from_what_the_cluster_keeps()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        var first = await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. A web version that never becomes ready: its rollout is still open when the deployer restarts.
        var bad = await s.CommitAsync("web fail", ("dev/version/web.yaml", "version: \"1.1\"\nimage: registry.example.com/web:fail\n"));
        await s.RefreshAsync();
        var rolling = await s.WaitForAsync("dev", e => e.Revision == bad && e.Resources["web"].RolloutStartedAt > first.Resources["web"].RolloutStartedAt, "rolls out web 1.1");
        var started = rolling.Resources["web"].RolloutStartedAt!.Value;

        // 2. A new deployer knows no previous status. The open rollout started when DM last applied web (its managed
        //    fields, second precision); api's duration comes from its Progressing condition; a ConfigMap takes none.
        await s.RestartAsync();
        var recovered = await s.WaitForAsync("dev", e => e.Revision == bad && e.Resources.TryGetValue("web", out var web) && web.State != ResourceState.Pending, "is assessed after the restart");
        Assert.InRange(recovered.Resources["web"].RolloutStartedAt!.Value, started.AddSeconds(-1), started);
        Assert.Null(recovered.Resources["web"].LastRolloutSeconds);
        Assert.InRange(recovered.Resources["api"].LastRolloutSeconds!.Value, 0, first.Resources["api"].LastRolloutSeconds!.Value + 1);
        Assert.Equal(0, recovered.Resources["settings"].LastRolloutSeconds);

        // 3. A fixed version: the new deployer follows that rollout from its apply to Healthy.
        var fixedRevision = await s.CommitAsync("web fixed", ("dev/version/web.yaml", Repos.Version("web", "1.2")));
        await s.RefreshAsync();
        var clean = await s.WaitForStateAsync("dev", EnvironmentState.Clean, fixedRevision);
        Assert.True(clean.Resources["web"].RolloutStartedAt > started);
        Assert.NotNull(clean.Resources["web"].LastRolloutSeconds);
    }
}
