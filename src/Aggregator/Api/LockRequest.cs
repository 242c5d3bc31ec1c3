namespace Dm.Aggregator.Api;

/// <summary>Body of <c>PUT /api/locks/...</c> (reason required) and <c>DELETE /api/locks/...</c> (optional body, reason optional).</summary>
public sealed record LockRequest(string? Reason, DateTimeOffset? Expires);
