using Dm.GitFixture;
using Dm.TestSupport;
using Dm.Transitioner.Hosting;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Plan_at_a_time_prints_what_each_transition_would_do_without_committing_and_run_once_commits()
    {
        using var dir = new TempDirectory();
        const string Transitions = """
            transitions:
              to-prod:
                source: pp
                target: prod
                schedule: "0 0 6 * * ?"
              to-qa:
                source: pp
                target: qa

            """;
        var repo = await FixtureRepository.CreateAsync(
            new FixtureTemplate([new FixtureCommit("init", "Initial", null, Files(Transitions, Resource("pp", "s1", "2"), Resource("prod", "s1", "1"),
                File("qa/locks.yaml", "env_lock:\n  reasons: [\"qa down\"]\n"),
                File("transition_state.yaml", "to-prod:\n  scheduled: 2099-01-02T06:00:00Z\n")))]),
            dir.Sub("repo.git"), CancellationToken.None);
        var head = PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim();
        string[] config = [$"--Transitioner:RepoUrl={repo.GitDirectory}", $"--Transitioner:CheckoutPath={dir.Sub("mirror.git")}"];

        // 1. Before the recorded fire time: skipped; at it: would promote. Nothing is committed.
        using var before = new StringWriter();
        Assert.Equal(0, await TransitionerCli.RunAsync(["plan", "--at", "2099-01-02T05:59:00Z", .. config], before));
        Assert.Contains("to-prod (pp → prod): Skipped [Scheduled]", before.ToString(), StringComparison.Ordinal);
        Assert.Contains("to-qa (pp → qa): Blocked [TargetLocked]", before.ToString(), StringComparison.Ordinal);

        using var at = new StringWriter();
        Assert.Equal(0, await TransitionerCli.RunAsync(["plan", "--at", "2099-01-02T06:00:00Z", .. config], at));
        Assert.Contains("to-prod (pp → prod): WouldPromote", at.ToString(), StringComparison.Ordinal);
        Assert.Contains("  - s1 1 → 2", at.ToString(), StringComparison.Ordinal);
        Assert.Equal(head, PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim());

        // 2. run --once now (long before 2099): nothing due, no commit.
        using var once = new StringWriter();
        Assert.Equal(0, await TransitionerCli.RunAsync(["run", "--once", .. config], once));
        Assert.Contains("to-prod (pp → prod): Skipped [Scheduled]", once.ToString(), StringComparison.Ordinal);
        Assert.Equal(head, PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim());
    }
}
