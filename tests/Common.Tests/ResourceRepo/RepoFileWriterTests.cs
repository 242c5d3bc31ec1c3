using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

public class RepoFileWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Transition_state_with_an_approval_round_trips_through_the_reader()
    {
        var states = new[]
        {
            new TransitionState("pp-to-prod", At, At.AddSeconds(3), new TransitionApproval("alice", At, "release 7", new Dictionary<string, string> { ["s1"] = "42", ["s2"] = "1.5" })),
            new TransitionState("dev", null, At, null),
        };

        var text = TransitionStateFile.Write(states);

        Assert.Equal(
            """
            dev:
              last_run: "2026-11-21T09:30:00Z"
            pp-to-prod:
              scheduled: "2026-11-21T09:30:00Z"
              last_run: "2026-11-21T09:30:03Z"
              approval:
                by: "alice"
                at: "2026-11-21T09:30:00Z"
                reason: "release 7"
                versions:
                  s1: "42"
                  s2: "1.5"

            """.ReplaceLineEndings("\n"),
            text);
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles([new(TransitionStateFile.Path, text)]));
        Assert.Empty(model.Errors);
        var read = model.TransitionStates.Single(s => s.Name == "pp-to-prod");
        Assert.Equal(At, read.Scheduled);
        Assert.Equal("alice", read.Approval!.By);
        Assert.Equal("42", read.Approval.Versions["s1"]);
        Assert.Null(model.TransitionStates.Single(s => s.Name == "dev").Approval);
    }

    [Fact]
    public void An_approval_without_by_is_reported()
    {
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles([new(TransitionStateFile.Path, "prod:\n  approval:\n    at: \"2026-11-21T09:30:00Z\"\n")]));

        var error = Assert.Single(model.Errors);
        Assert.Equal("transition_state.yaml", error.File);
        Assert.Contains("prod.approval has no by", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locks_round_trip_in_both_reason_shapes()
    {
        var locks = new EnvironmentLocks(
            [new LockReason("release freeze", "alice", At, At.AddDays(1))],
            new Dictionary<string, IReadOnlyList<LockReason>> { ["web"] = [new LockReason("waiting for \"db\" migration", null, null, null)], ["idle"] = [] });

        var text = LocksFile.Write(locks);

        Assert.Equal(
            """
            env_lock:
              reasons:
                - reason: "release freeze"
                  by: "alice"
                  at: "2026-11-21T09:30:00Z"
                  expires: "2026-11-22T09:30:00Z"
            resource_locks:
              web:
                reasons:
                  - "waiting for \"db\" migration"

            """.ReplaceLineEndings("\n"),
            text);
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles([new(LocksFile.PathOf("prod"), text)]));
        Assert.Empty(model.Errors);
        var read = model.FindEnvironment("prod")!.Locks;
        Assert.Equal(locks.EnvironmentLock, read.EnvironmentLock);
        Assert.Equal("waiting for \"db\" migration", read.ResourceLocks["web"].Single().Reason);
        Assert.Equal("{}\n", LocksFile.Write(EnvironmentLocks.None));
    }

    [Fact]
    public void Version_files_put_version_first_and_quote_every_value()
    {
        var text = VersionFile.Write("42", new Dictionary<string, string> { ["image"] = "reg/s1:42", ["commit"] = "0123", ["version"] = "ignored" });

        Assert.Equal("version: \"42\"\ncommit: \"0123\"\nimage: \"reg/s1:42\"\n", text);
    }
}

public class DmTrailersTests
{
    [Theory]
    [InlineData("s1", "23", "42", "s1 23 -> 42")]
    [InlineData("s1", null, "42", "s1 - -> 42")]
    public void Moves_format_and_parse_back(string resource, string? from, string to, string text)
    {
        Assert.Equal(text, DmTrailers.FormatMove(resource, from, to));
        Assert.Equal((resource, from, to), DmTrailers.ParseMove(text));
    }

    [Fact]
    public void Text_that_is_not_a_move_parses_to_null() => Assert.Null(DmTrailers.ParseMove("s1 to 42"));
}
