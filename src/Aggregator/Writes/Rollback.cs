using Dm.Aggregator.Auth;

namespace Dm.Aggregator.Writes;

/// <summary>An operator's rollback of a resource in an environment to <see cref="Version"/> (null: the one before the current one), locking it there.</summary>
public sealed record Rollback(string Env, string Resource, string? Version, string Reason, Caller By);
