using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class RepoScenarioTests
{
    [Fact]
    public async Task An_invalid_target_is_reported_for_its_environment_only_and_deployers_yaml_is_reread_each_revision()
    {
        var files = Repos.Standard();
        files["qa/deployable/settings.yaml"] = Repos.ConfigMap("settings", "qa");
        await using var s = await DeployerScenario.StartAsync(files);
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. deployers.yaml gains qa with an unknown context and ops with a bad namespace: each is reported, dev goes on.
        var bad = await s.CommitAsync("targets", ("deployers.yaml", Repos.Deployers() + """

              qa:
                type: Kubernetes
                context: nowhere
                namespace: qa
              ops:
                type: Kubernetes
                namespace: Not_A_Label
            """), ("dev/version/web.yaml", Repos.Version("web", "1.1")));
        await s.RefreshAsync();
        var qa = await s.WaitForAsync("qa", e => e.State == EnvironmentState.Unknown && e.Revision == bad, "is Unknown");
        Assert.Equal(Reasons.TargetInvalid, qa.Reason);
        Assert.Contains("context \"nowhere\" not found", qa.Message, StringComparison.Ordinal);
        var ops = await s.WaitForAsync("ops", e => e.State == EnvironmentState.Unknown, "is Unknown");
        Assert.Equal(Reasons.TargetInvalid, ops.Reason);
        Assert.Contains("Not_A_Label", ops.Message, StringComparison.Ordinal);
        var dev = await s.WaitForStateAsync("dev", EnvironmentState.Clean, bad);
        Assert.Equal("1.1", dev.Resources["web"].Version);

        // 2. qa's target is fixed in the next revision: it deploys.
        var fixedTargets = await s.CommitAsync("qa fixed", ("deployers.yaml", Repos.Deployers() + "\n" + """
              qa:
                type: Kubernetes
                context: sim
                namespace: qa
                createNamespace: true
            """));
        await s.RefreshAsync();
        await s.WaitForStateAsync("qa", EnvironmentState.Clean, fixedTargets);
        Assert.DoesNotContain("ops", (await s.StatusAsync()).Environments.Keys);
    }

    [Fact]
    public async Task A_fetch_error_keeps_the_last_good_revision_deployed_and_reports_it()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard());
        var init = s.Repo.CommitId("init");
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, init);

        // 1. The remote disappears: the repo error is reported, dev stays Clean at the last good revision.
        var moved = s.Repo.GitDirectory + ".moved";
        Directory.Move(s.Repo.GitDirectory, moved);
        await s.RefreshAsync();
        var report = await Eventually.ReturnsAsync(s.StatusAsync, r => r.RepoReason == Reasons.FetchFailed, "the fetch error is reported");
        Assert.Equal(init, report.Revision);
        Assert.Contains("still deploying " + init, report.RepoMessage, StringComparison.Ordinal);
        Assert.Equal(EnvironmentState.Clean, report.Environments["dev"].State);

        // 2. The remote comes back: the error clears.
        Directory.Move(moved, s.Repo.GitDirectory);
        await s.RefreshAsync();
        await Eventually.ReturnsAsync(s.StatusAsync, r => r.RepoReason is null && r.Revision == init, "the error clears");
    }

    [Fact]
    public async Task A_commit_that_leaves_an_environment_unchanged_moves_its_revision_without_touching_its_cluster()
    {
        var files = Repos.StandardWithQa();
        await using var s = await DeployerScenario.StartAsync(files);
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        await s.WaitForStateAsync("qa", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. Only qa changes: qa is applied; dev reports the new revision as Clean without a single request for it.
        var mark = s.Sim.RequestLog.Count;
        var qaOnly = await s.CommitAsync("qa only", ("qa/deployable/settings.yaml", Repos.ConfigMap("settings", "qa2")));
        await s.RefreshAsync();
        await s.WaitForStateAsync("qa", EnvironmentState.Clean, qaOnly);
        var dev = await s.WaitForStateAsync("dev", EnvironmentState.Clean, qaOnly);
        Assert.Equal(qaOnly, dev.HealthyRevision);
        Assert.DoesNotContain(s.Sim.RequestLog.Snapshot().Skip(mark), e => e.Path.Contains("/namespaces/dev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_that_removes_a_folder_while_deployers_yaml_is_unreadable_reports_it_and_the_daemon_carries_on()
    {
        var files = Repos.StandardWithQa();
        await using var s = await DeployerScenario.StartAsync(files);
        await s.WaitForStateAsync("qa", EnvironmentState.Clean, s.Repo.CommitId("init"));

        // 1. One commit drops qa's folder and breaks deployers.yaml (not YAML any more): the last good targets stand, qa
        //    has nothing to deploy and says so (it is not deployed as empty, which would prune it), dev deploys.
        var broken = await s.CommitAsync("drop qa, break deployers.yaml",
            ("qa/deployable/settings.yaml", null),
            ("deployers.yaml", files["deployers.yaml"] + "\n  - [unclosed\n"));
        await s.RefreshAsync();
        var qa = await s.WaitForAsync("qa", e => e.Revision == broken, "reports the revision without its folder");
        Assert.Equal(Reasons.TargetInvalid, qa.Reason);
        Assert.Contains("qa has no folder", qa.Message, StringComparison.Ordinal);
        Assert.NotNull(await DeployerScenario.GetAsync(s.Sim, "/api/v1/namespaces/qa/configmaps/settings"));
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, broken);
        var report = await s.StatusAsync();
        Assert.Equal(Reasons.RepoInvalid, report.RepoReason);

        // 2. The daemon still follows the repo: a fixed deployers.yaml is taken.
        var fixedTargets = await s.CommitAsync("fix deployers.yaml", ("deployers.yaml", Repos.Deployers()));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, fixedTargets);
        await Eventually.ReturnsAsync(s.StatusAsync, r => !r.Environments.ContainsKey("qa") && r.RepoReason is null, "qa left the status and the repo is valid again");
    }

    [Fact]
    public async Task A_stalled_fetch_is_stopped_at_the_fetch_timeout_and_reported()
    {
        await using var s = await DeployerScenario.StartAsync(Repos.Standard(), o => o.FetchTimeout = TimeSpan.FromSeconds(1));
        var init = s.Repo.CommitId("init");
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, init);

        // 1. The remote side stops answering (its upload-pack hangs): the fetch is stopped after 1 s and reported,
        //    dev stays Clean at the last good revision, and the API keeps answering.
        var mirror = Path.Combine(s.Directory, "deployer.git");
        var stall = Path.Combine(s.Directory, "stall.sh");
        File.WriteAllText(stall, "#!/bin/sh\nexec sleep 30\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stall, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        PlainGit.Run(mirror, "config", "remote.origin.uploadpack", stall);
        await s.RefreshAsync();
        var report = await Eventually.ReturnsAsync(s.StatusAsync, r => r.RepoReason == Reasons.FetchFailed, "the stalled fetch is reported");
        Assert.Contains("did not finish within 00:00:01", report.RepoMessage, StringComparison.Ordinal);
        Assert.Equal(EnvironmentState.Clean, report.Environments["dev"].State);

        // 2. The remote answers again: the next fetch takes a new commit.
        PlainGit.Run(mirror, "config", "--unset", "remote.origin.uploadpack");
        var next = await s.CommitAsync("settings", ("dev/deployable/settings.yaml", Repos.ConfigMap("settings", "again")));
        await s.RefreshAsync();
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, next);
        await Eventually.ReturnsAsync(s.StatusAsync, r => r.RepoReason is null, "the error clears");
    }
}
