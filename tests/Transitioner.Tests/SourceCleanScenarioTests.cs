using Dm.Domain;
using Dm.Status;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class SourceCleanScenarioTests
{
    private const string DevToPp = """
        transitions:
          to-pp:
            source: dev
            target: pp
            preconditions: [SourceClean]
          to-dev:
            source: latest
            target: dev
            preconditions: [SourceClean]

        """;

    private static readonly IEnumerable<KeyValuePair<string, string>> Deployers =
        File("deployers.yaml", "deployers:\n  dev:\n    type: Kubernetes\n    namespace: dev\n");

    [Fact]
    public async Task Source_clean_compares_the_source_environment_only_so_an_unrelated_commit_does_not_block()
    {
        await using var s = await CreateAsync(Files(DevToPp, Deployers, Resource("dev", "s1", "2"), Resource("pp", "s1", "1"), Resource("latest", "s1", "2"), Resource("latest", "s9", "1")), deployer: true);
        var deployed = s.Head;
        s.Deployer!.Set("dev", EnvironmentState.Clean, deployed);

        // 1. An unrelated commit (a lock in another environment) moves the head; dev's content is what the deployer has: promoted.
        await s.CommitAsync("Lock qa", ("qa/locks.yaml", "env_lock:\n  reasons: [x]\n"));
        var round = await s.RoundAsync();
        var toPp = round.Outcomes.Single(o => o.Name == "to-pp");
        Assert.Equal(TransitionResult.Promoted, toPp.Decision.Result);
        Assert.Equal(Version("2"), s.Show("pp/version/s1.yaml"));

        // latest has no deployers.yaml entry: never deployed, counts as clean, so s9 moves to dev.
        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-dev").Decision.Result);

        // 2. dev gets a new version the deployer has not applied: SourceOutdated.
        await s.CommitAsync("New version s1 3", ("latest/version/s1.yaml", Version("3")), ("dev/version/s1.yaml", Version("3")));
        toPp = await s.RoundAsync("to-pp");
        Assert.Equal(Reasons.SourceOutdated, toPp.Reason);
        Assert.Contains("dev/version/s1.yaml", toPp.Message, StringComparison.Ordinal);

        // 3. The deployer applies it and waits for the rollout: SourceProgressing.
        s.Deployer.Set("dev", EnvironmentState.Progressing, s.Head, Reasons.RolloutInProgress, "Deployment s1: 1 of 2 replicas updated");
        toPp = await s.RoundAsync("to-pp");
        Assert.Equal(Reasons.SourceProgressing, toPp.Reason);
        Assert.Contains("1 of 2 replicas updated", toPp.Message, StringComparison.Ordinal);

        // 4. Clean at the new content: promoted.
        s.Deployer.Set("dev", EnvironmentState.Clean, s.Head);
        Assert.Equal(TransitionResult.Promoted, (await s.RoundAsync("to-pp")).Decision.Result);
        Assert.Equal(Version("3"), s.Show("pp/version/s1.yaml"));
    }

    [Fact]
    public async Task A_failed_source_blocks_with_the_deployers_message_and_an_unreachable_deployer_is_unknown()
    {
        await using var s = await CreateAsync(Files(DevToPp, Deployers, Resource("dev", "s1", "2"), Resource("pp", "s1", "1")), deployer: true);
        var before = s.CommitCount;
        s.Deployer!.Set("dev", EnvironmentState.Failed, s.Head, Reasons.ApplyFailed, "Deployment s1: image reg/s1:2 cannot be pulled");

        var outcome = await s.RoundAsync("to-pp");
        Assert.Equal(TransitionResult.Blocked, outcome.Decision.Result);
        Assert.Equal(Reasons.SourceFailed, outcome.Reason);
        Assert.Contains("ApplyFailed: Deployment s1: image reg/s1:2 cannot be pulled", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, s.CommitCount);

        await s.Deployer.DisposeAsync();
        outcome = await s.RoundAsync("to-pp");
        Assert.Equal(Reasons.SourceUnknown, outcome.Reason);
        Assert.Equal(before, s.CommitCount);
    }
}
