namespace Dm.Status;

/// <summary>The body of the transitioner's <c>GET /api/status</c>: every transition, keyed by name, in priority order.</summary>
public sealed record TransitionerStatusReport(
    IReadOnlyDictionary<string, TransitionStatus> Transitions,
    string? Revision,
    DateTimeOffset GeneratedAt);
