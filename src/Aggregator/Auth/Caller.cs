using Dm.Git;

namespace Dm.Aggregator.Auth;

/// <summary>Who is behind a request: a token's name and role, or the anonymous caller when auth is off.</summary>
public sealed record Caller(string Name, AggregatorRole Role)
{
    public static Caller Anonymous { get; } = new("DM Aggregator", AggregatorRole.Operator);

    public GitIdentity Identity => this == Anonymous
        ? new GitIdentity("DM Aggregator", "dm-aggregator@localhost")
        : new GitIdentity(Name, Name.Replace(' ', '.').ToLowerInvariant() + "@dm-aggregator");
}
