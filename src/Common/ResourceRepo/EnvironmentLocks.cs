namespace Dm.Common.ResourceRepo;

/// <summary>The contents of <c>&lt;env&gt;/locks.yaml</c>. A lock holds while it has at least one reason.</summary>
public sealed record EnvironmentLocks(
    IReadOnlyList<LockReason> EnvironmentLock,
    IReadOnlyDictionary<string, IReadOnlyList<LockReason>> ResourceLocks)
{
    public static EnvironmentLocks None { get; } = new([], new Dictionary<string, IReadOnlyList<LockReason>>());

    public bool IsEnvironmentLocked => EnvironmentLock.Count > 0;

    public bool IsResourceLocked(string resource) =>
        ResourceLocks.TryGetValue(resource, out var reasons) && reasons.Count > 0;
}
