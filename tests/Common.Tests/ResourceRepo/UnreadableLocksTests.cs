using Dm.Domain;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>
/// A <c>locks.yaml</c> DM cannot read in full keeps what it could read and carries the reader's messages, so that every
/// consumer fails closed on it (a lock is a safety control).
/// </summary>
public sealed class UnreadableLocksTests
{
    private const string Ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n";

    private static EnvironmentLocks Locks(string content, ResourceRepoOptions? options = null) =>
        new ResourceRepoReader(options).Read(TestSnapshots.FromFiles(
        [
            KeyValuePair.Create("prod/deployable/ok.yaml", Ok),
            KeyValuePair.Create("prod/locks.yaml", content),
        ])).FindEnvironment("prod")!.Locks;

    [Theory]
    [InlineData("env_lock: [unclosed\n", "InvalidYaml", "prod/locks.yaml:2:1: While parsing a flow sequence")]
    [InlineData("- just a list\n", "InvalidValue", "file must be a map")]
    [InlineData("env_lock:\n  reasons: freeze\n", "InvalidValue", "env_lock.reasons must be a list")]
    [InlineData("env_lock:\n  reasons:\n    - [a, b]\n", "InvalidValue", "env_lock.reasons[0] must be a string or a map")]
    [InlineData("env_lock:\n  reasons:\n    - reason: freeze\n      expires: next tuesday\n", "InvalidValue", "env_lock.reasons[0].expires is not a timestamp")]
    [InlineData("env_lock:\n  reasons:\n    - reason: [freeze]\n", "InvalidValue", "env_lock.reasons[0].reason must be a string")]
    [InlineData("env_lok:\n  reasons: [freeze]\n", "UnknownKey", "unknown key \"env_lok\"")]
    [InlineData("resource_locks:\n  web: locked\n", "InvalidValue", "resource_locks.web must be a map")]
    public void A_broken_file_is_unreadable_with_the_readers_message(string content, string reason, string message)
    {
        var locks = Locks(content);

        Assert.True(locks.IsUnreadable);
        var problem = Assert.Single(locks.Problems);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal("prod/locks.yaml", problem.File);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Contains(message, locks.ProblemMessage!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_unreadable()
    {
        var locks = Locks("env_lock:\n  reasons: [\"" + new string('x', 2000) + "\"]\n", new ResourceRepoOptions { MaxFileBytes = 1024 });

        Assert.True(locks.IsUnreadable);
        Assert.Equal(Reasons.FileTooLarge, Assert.Single(locks.Problems).Reason);
    }

    [Fact]
    public void What_could_be_read_is_kept_next_to_the_problem()
    {
        var locks = Locks("env_lock:\n  reasons:\n    - freeze\n    - reason: audit\n      expires: soon\nresource_locks:\n  web:\n    reasons: [broken]\n");

        Assert.True(locks.IsUnreadable);
        // A reason whose expiry cannot be read is kept without one: it holds until removed, never less.
        Assert.Equal(["freeze", "audit"], locks.EnvironmentLock.Select(r => r.Reason));
        Assert.Null(locks.EnvironmentLock[1].Expires);
        Assert.True(locks.IsResourceLocked("web"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}\n")]
    [InlineData("env_lock:\n  reasons: []\n")]
    [InlineData("env_lock:\n  reasons:\n    - reason: freeze\n      by: ann\n      at: 2026-01-01T00:00:00Z\n      expires: 2026-02-01T00:00:00Z\n")]
    public void A_readable_file_has_no_problems(string content)
    {
        var locks = Locks(content);

        Assert.False(locks.IsUnreadable);
        Assert.Empty(locks.Problems);
        Assert.Null(locks.ProblemMessage);
    }

    [Fact]
    public void An_approval_with_any_error_is_no_approval()
    {
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles(
        [
            KeyValuePair.Create("prod/deployable/ok.yaml", Ok),
            KeyValuePair.Create("transition_state.yaml", "to-prod:\n  approval:\n    by: ann\n    at: 2026-01-01T00:00:00Z\n    versions:\n      web: \"2\"\n      api: [3]\n"),
        ]));

        Assert.Null(model.FindTransitionState("to-prod")!.Approval);
        Assert.Contains("approval.versions.api must be a version string", Assert.Single(model.ProblemsIn(TransitionStateFile.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_locks_yml_counts_as_an_unreadable_lock_file()
    {
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles(
        [
            KeyValuePair.Create("prod/deployable/ok.yaml", Ok),
            KeyValuePair.Create("prod/locks.yml", "env_lock:\n  reasons: [freeze]\n"),
        ]));

        var locks = model.FindEnvironment("prod")!.Locks;
        Assert.True(locks.IsUnreadable);
        var problem = Assert.Single(locks.Problems);
        Assert.Equal(Reasons.MisnamedLocksFile, problem.Reason);
        Assert.Equal("prod/locks.yml: DM reads locks from prod/locks.yaml, not locks.yml; prod counts as locked until the file is renamed or removed", problem.Message);
        Assert.Contains(problem, model.Errors);
    }
}
