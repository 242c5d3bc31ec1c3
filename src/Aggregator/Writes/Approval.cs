using Dm.Aggregator.Auth;

namespace Dm.Aggregator.Writes;

/// <summary>An operator's approval of exact moves (resource → version) of a transition.</summary>
public sealed record Approval(string Transition, IReadOnlyDictionary<string, string> Versions, string? Reason, Caller By);
