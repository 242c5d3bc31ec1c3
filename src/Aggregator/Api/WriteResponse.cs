namespace Dm.Aggregator.Api;

/// <summary>Answer of a write: the new commit (<see cref="Changed"/> true, 201/200), or the head when nothing changed (200).</summary>
public sealed record WriteResponse(string Commit, bool Changed);
