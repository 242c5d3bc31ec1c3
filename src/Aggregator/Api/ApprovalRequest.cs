namespace Dm.Aggregator.Api;

/// <summary>Body of <c>POST /api/approvals</c>; without <see cref="Versions"/> the moves the transitioner reports pending are approved.</summary>
public sealed record ApprovalRequest(string? Transition, IReadOnlyDictionary<string, string>? Versions, string? Reason);
