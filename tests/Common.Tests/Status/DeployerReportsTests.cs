using Dm.Domain;
using Dm.Status;

namespace Dm.Common.Tests.Status;

public class DeployerReportsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_environment_comes_from_the_replica_that_leads_it_whatever_the_order()
    {
        var a = Report(At, ("dev", Leading("r1", EnvironmentState.Clean)), ("prod", Standby()));
        var b = Report(At.AddSeconds(1), ("dev", Standby()), ("prod", Leading("r1", EnvironmentState.Progressing)));

        foreach (var merged in new[] { DeployerReports.Merge([a, b]), DeployerReports.Merge([b, a]) })
        {
            Assert.Equal(EnvironmentState.Clean, merged.Environments["dev"].State);
            Assert.Equal(EnvironmentState.Progressing, merged.Environments["prod"].State);
            Assert.Equal(At.AddSeconds(1), merged.GeneratedAt);
        }
    }

    [Fact]
    public void A_standby_entry_stands_only_while_no_report_leads_the_environment()
    {
        var merged = DeployerReports.Merge([Report(At, ("dev", Standby())), Report(At, ("dev", Standby()))]);

        Assert.Equal(Reasons.NotLeader, merged.Environments["dev"].Reason);
        Assert.True(DeployerReports.Standby(merged.Environments["dev"]));
    }

    [Fact]
    public void Hub_and_spoke_reports_are_joined_and_the_first_leader_wins_a_tie()
    {
        var hub = Report(At, ("dev", Leading("r1", EnvironmentState.Clean)));
        var spoke = Report(At, ("prod", Leading("r2", EnvironmentState.Failed)), ("dev", Leading("r0", EnvironmentState.Failed)));

        var merged = DeployerReports.Merge([hub, spoke]);

        Assert.Equal(["dev", "prod"], merged.Environments.Keys);
        Assert.Equal("r1", merged.Environments["dev"].Revision);
        Assert.Equal("r2", merged.Environments["prod"].Revision);
    }

    [Fact]
    public void The_repo_problem_of_any_report_is_kept()
    {
        var fine = Report(At, ("dev", Leading("r1", EnvironmentState.Clean))) with { Revision = "r1" };
        var broken = Report(At, ("prod", Standby())) with { RepoReason = Reasons.RepoInvalid, RepoMessage = "deployers.yaml:3:1: bad" };

        var merged = DeployerReports.Merge([fine, broken]);

        Assert.Equal(Reasons.RepoInvalid, merged.RepoReason);
        Assert.Equal("deployers.yaml:3:1: bad", merged.RepoMessage);
        Assert.Equal("r1", merged.Revision);
    }

    [Fact]
    public void No_report_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DeployerReports.Merge([]));
    }

    private static DeployerStatusReport Report(DateTimeOffset at, params (string Name, EnvironmentDeployStatus Status)[] environments) =>
        new(environments.ToDictionary(e => e.Name, e => e.Status, StringComparer.Ordinal), at);

    private static EnvironmentDeployStatus Leading(string revision, EnvironmentState state) =>
        new(revision, revision, state, null, null, new Dictionary<string, ResourceDeployStatus>(), At);

    private static EnvironmentDeployStatus Standby() =>
        new("r0", null, EnvironmentState.Unknown, Reasons.NotLeader, "another replica leads", new Dictionary<string, ResourceDeployStatus>(), null);
}
