namespace Dm.ResourceRepo;

/// <summary>
/// The contents of <c>&lt;env&gt;/locks.yaml</c>. A lock holds while it has at least one reason. When the file cannot be
/// read in full (<see cref="Problems"/> is not empty), the reasons are those DM could read and the environment counts as
/// locked for every promotion: a lock is a safety control, so DM fails closed on it.
/// </summary>
public sealed record EnvironmentLocks(
    IReadOnlyList<LockReason> EnvironmentLock,
    IReadOnlyDictionary<string, IReadOnlyList<LockReason>> ResourceLocks)
{
    public static EnvironmentLocks None { get; } = new([], new Dictionary<string, IReadOnlyList<LockReason>>());

    /// <summary>What made <c>locks.yaml</c> unreadable (file:line:col and what is wrong); empty when it was read in full.</summary>
    public IReadOnlyList<RepoError> Problems { get; init; } = [];

    /// <summary>True when <c>locks.yaml</c> could not be read in full: every promotion into the environment is blocked.</summary>
    public bool IsUnreadable => Problems.Count > 0;

    /// <summary>The reader's messages joined, or null when the file was read in full.</summary>
    public string? ProblemMessage => IsUnreadable ? string.Join("; ", Problems.Select(p => p.Message)) : null;

    public bool IsEnvironmentLocked => EnvironmentLock.Count > 0;

    public bool IsResourceLocked(string resource) =>
        ResourceLocks.TryGetValue(resource, out var reasons) && reasons.Count > 0;
}
