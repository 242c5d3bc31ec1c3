namespace Dm.Common.Tests.Git;

/// <summary>A clock that always says the same time; delays still run on real timers.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
