namespace Dm.Aggregator.Api;

/// <summary>
/// Body of <c>PUT /api/locks/...</c> (reason required) and <c>DELETE /api/locks/...</c> (optional body, reason optional;
/// <c>force</c> clears a lock in a <c>locks.yaml</c> DM cannot read).
/// </summary>
public sealed record LockRequest(string? Reason, DateTimeOffset? Expires, bool Force = false);
