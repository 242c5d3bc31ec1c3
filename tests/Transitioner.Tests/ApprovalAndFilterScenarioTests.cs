using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class ApprovalAndFilterScenarioTests
{
    [Fact]
    public async Task A_manual_transition_waits_for_an_approval_of_exactly_the_pending_moves_and_clears_it()
    {
        const string Manual = """
            transitions:
              to-prod:
                source: pp
                target: prod
                preconditions: [Manual]

            """;
        await using var s = await CreateAsync(Files(Manual, Resource("pp", "s1", "2"), Resource("pp", "s2", "5"), Resource("prod", "s1", "1"), Resource("prod", "s2", "5")));
        var before = s.CommitCount;

        // 1. No approval: awaiting, pending listed, no commit.
        var outcome = await s.RoundAsync("to-prod");
        Assert.Equal(Reasons.AwaitingApproval, outcome.Reason);
        Assert.Equal([new PendingMove("s1", "1", "2")], outcome.ToStatus().Pending);
        Assert.Equal(before, s.CommitCount);

        // 2. An approval of other versions does not count.
        await s.CommitAsync("Approve wrong", (TransitionStateFile.Path, Approval("1.9")));
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(Reasons.AwaitingApproval, outcome.Reason);
        Assert.Contains("covers s1 1.9", outcome.Message, StringComparison.Ordinal);

        // 3. The right approval: promoted, and the approval is cleared in the same commit.
        await s.CommitAsync("Approve", (TransitionStateFile.Path, Approval("2")));
        var count = s.CommitCount;
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(count + 1, s.CommitCount);
        Assert.Equal(Version("2"), s.Show("prod/version/s1.yaml"));
        Assert.DoesNotContain("approval", s.Show(TransitionStateFile.Path), StringComparison.Ordinal);
        Assert.Contains("last_run:", s.Show(TransitionStateFile.Path), StringComparison.Ordinal);

        // 4. The next version needs a new approval.
        await s.CommitAsync("New version s1 3", ("pp/version/s1.yaml", Version("3")));
        Assert.Equal(Reasons.AwaitingApproval, (await s.RoundAsync("to-prod")).Reason);
    }

    [Fact]
    public async Task Version_filter_and_resource_patterns_select_what_moves()
    {
        const string Filtered = """
            transitions:
              to-prod:
                source: pp
                target: prod
                versionFilter: '^\d+\.\d+$'
                resources:
                  include: ["web-*", "api"]
                  exclude: ["web-internal"]

            """;
        await using var s = await CreateAsync(Files(Filtered,
            Resource("pp", "web-a", "1.2"), Resource("pp", "web-b", "1.3-rc1"), Resource("pp", "web-internal", "9.0"),
            Resource("pp", "api", "2.0"), Resource("pp", "worker", "3.0")));

        // 1. web-a and api move; web-b is held back by the filter; web-internal and worker are not selected.
        var outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Promoted, outcome.Decision.Result);
        Assert.Equal(["api", "web-a"], outcome.Decision.Pending.Select(m => m.Resource));
        Assert.Contains("web-b 1.3-rc1 does not match versionFilter", s.LastMessage, StringComparison.Ordinal);
        Assert.False(s.Exists("prod/version/web-b.yaml"));
        Assert.False(s.Exists("prod/version/web-internal.yaml"));
        Assert.False(s.Exists("prod/version/worker.yaml"));

        // 2. Only the filtered one differs: skipped with VersionFiltered, no commit.
        var count = s.CommitCount;
        outcome = await s.RoundAsync("to-prod");
        Assert.Equal(TransitionResult.Skipped, outcome.Decision.Result);
        Assert.Equal(Reasons.VersionFiltered, outcome.Reason);
        Assert.Equal(count, s.CommitCount);
    }

    private static string Approval(string version) => TransitionStateFile.Write(
        [new TransitionState("to-prod", null, null, new TransitionApproval("carol", Start, "release 7", new Dictionary<string, string> { ["s1"] = version }))]);
}
