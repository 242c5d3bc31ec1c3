using Dm.Aggregator.Auth;

namespace Dm.Aggregator.Writes;

/// <summary>An operator's manual promotion of a known version of a resource into an environment; <see cref="Force"/> goes past its locks.</summary>
public sealed record Promotion(string Env, string Resource, string Version, string? Reason, bool Force, Caller By);
