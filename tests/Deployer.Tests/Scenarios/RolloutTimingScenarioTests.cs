using Dm.Common.Status;

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
}
