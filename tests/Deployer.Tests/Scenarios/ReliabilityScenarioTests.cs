using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class ReliabilityScenarioTests
{
    [Fact]
    public async Task With_30_percent_injected_503s_the_environment_converges_to_exactly_the_desired_objects()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(), o => o.ClusterRequestAttempts = 3);

        // 1. From the start, 30 % of every request fails with 503.
        s.Sim.Faults.Add(new FaultRule(null, "*", 0.3, 503, RetryAfterSeconds: 0));
        var status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 2. A new version still arrives; the live object carries exactly the desired content.
        var mark = s.Sim.RequestLog.Count;
        var v2 = await s.CommitAsync("web 1.1", ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, v2);
        Assert.Equal("1.1", status.Resources["web"].Version);
        s.Sim.Faults.Clear();

        // 3. No duplicate and no lost apply: of the writes that landed (2xx) since the commit, exactly one is web's,
        //    and none touched the unchanged resources; refused attempts (503) were retried until one landed.
        var landed = DeployerScenario.Writes(s.Sim, mark).Where(w => w.StatusCode is >= 200 and < 300 && w.Method == "PATCH").Select(w => w.Path).ToList();
        Assert.Equal(["/apis/apps/v1/namespaces/dev/deployments/web"], landed);
        var web = await DeployerScenario.GetAsync(s.Sim, "/apis/apps/v1/namespaces/dev/deployments/web");
        Assert.Equal("1.1", (string?)web!["metadata"]!["annotations"]![DeployerAnnotations.Version]);
        Assert.Contains(s.Sim.RequestLog.Snapshot(), e => e.StatusCode == 503);
    }

    [Fact]
    public async Task A_cluster_outage_is_reported_unknown_while_the_api_answers_and_recovery_needs_no_commit()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. The cluster goes down while a new version arrives: Unknown with the reason.
        s.Sim.Faults.Outage = true;
        var v2 = await s.CommitAsync("web 1.1", ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        var status = await s.WaitForStateAsync("dev", EnvironmentState.Unknown, v2);
        Assert.Equal(Reasons.ClusterUnreachable, status.Reason);
        Assert.Contains("503", status.Message, StringComparison.Ordinal);
        Assert.Equal(s.Repo.CommitId("init"), status.HealthyRevision);

        // 2. The cluster comes back: the retry (no refresh, no commit) applies the new version.
        s.Sim.Faults.Outage = false;
        status = await s.WaitForStateAsync("dev", EnvironmentState.Clean, v2);
        Assert.Equal("1.1", status.Resources["web"].Version);
    }

    [Fact]
    public async Task Two_environments_on_two_clusters_deploy_side_by_side_and_one_outage_does_not_stop_the_other()
    {
        var files = Repos.TwoClusters();
        await using var s = await DeployerScenario.StartAsync(files, clusters: 2);
        var init = s.Repo.CommitId("init");
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, init);
        await s.WaitForStateAsync("prod", EnvironmentState.Clean, init);
        Assert.NotNull(await DeployerScenario.GetAsync(s.Simulators[1], "/api/v1/namespaces/prod/configmaps/settings"));
        Assert.Null(await DeployerScenario.GetAsync(s.Simulators[0], "/api/v1/namespaces/prod/configmaps/settings"));

        // 1. prod's cluster goes down; a change to both environments reaches dev at once.
        s.Simulators[1].Faults.Outage = true;
        var both = await s.CommitAsync("both", ("dev/deployable/settings.yaml", Repos.ConfigMap("settings", "dev2")), ("prod/deployable/settings.yaml", Repos.ConfigMap("settings", "prod2")));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, both);
        await s.WaitForStateAsync("prod", EnvironmentState.Unknown, both);

        // 2. prod recovers on its own.
        s.Simulators[1].Faults.Outage = false;
        await s.WaitForStateAsync("prod", EnvironmentState.Clean, both);
        var settings = await DeployerScenario.GetAsync(s.Simulators[1], "/api/v1/namespaces/prod/configmaps/settings");
        Assert.Equal("prod2", (string?)settings!["data"]!["greeting"]);
    }

    [Fact]
    public async Task A_cluster_that_hangs_does_not_hold_up_an_environment_on_another_cluster()
    {
        var files = Repos.TwoClusters();
        await using var s = await DeployerScenario.StartAsync(files, o => (o.ClusterRequestTimeout, o.ClusterRequestAttempts) = (TimeSpan.FromSeconds(8), 1), clusters: 2);
        var init = s.Repo.CommitId("init");
        await s.WaitForStateAsync("prod", EnvironmentState.Clean, init);

        // 1. prod's cluster stops answering (every request hangs past the 8 s request timeout). A change to both
        //    environments reaches dev well before one of prod's requests could even time out.
        s.Simulators[1].Faults.Latency = TimeSpan.FromSeconds(30);
        var both = await s.CommitAsync("both", ("dev/deployable/settings.yaml", Repos.ConfigMap("settings", "dev2")), ("prod/deployable/settings.yaml", Repos.ConfigMap("settings", "prod2")));
        await s.RefreshAsync();
        await s.WaitForAsync("dev", e => e.Revision == both && e.State == EnvironmentState.Clean, "is Clean at the new revision", TimeSpan.FromSeconds(7));
        var prod = (await s.StatusAsync()).Environments["prod"];
        Assert.False(prod.Revision == both && prod.State == EnvironmentState.Clean, "prod cannot have deployed through a hung cluster");

        // 2. prod's cluster answers again: its round times out, is retried, and deploys.
        s.Simulators[1].Faults.Latency = TimeSpan.Zero;
        await s.WaitForAsync("prod", e => e.Revision == both && e.State == EnvironmentState.Clean, "is Clean at the new revision", TimeSpan.FromSeconds(30));
    }
}
