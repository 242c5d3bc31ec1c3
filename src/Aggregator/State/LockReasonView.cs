namespace Dm.Aggregator.State;

/// <summary>One reason of a lock; <see cref="Expired"/> reasons no longer count.</summary>
public sealed record LockReasonView(string Reason, string? By, DateTimeOffset? At, DateTimeOffset? Expires, bool Expired);
