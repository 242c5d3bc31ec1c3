namespace Dm.Domain;

/// <summary>
/// DM's one backoff rule, for every retry (git pushes, Kubernetes requests, watches, deployer rounds): capped
/// exponential with jitter. Pure: the caller passes the jitter from its injected random source, so tests can fix it.
/// </summary>
/// <param name="BaseDelay">The ceiling after the first failure.</param>
/// <param name="MaxDelay">The cap of the ceiling.</param>
public sealed record Backoff(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>
    /// The wait after <paramref name="failures"/> failures in a row (counting from 1): between half and all of
    /// <c>min(MaxDelay, BaseDelay × 2^(failures − 1))</c>, placed by <paramref name="jitter"/> (a value in [0, 1)). Half
    /// at least, so a retry never comes at once; up to all, so clients that failed together spread out.
    /// </summary>
    public TimeSpan After(int failures, double jitter)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1))));
    }
}
