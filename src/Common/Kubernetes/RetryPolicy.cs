using Dm.Domain;

namespace Dm.Kubernetes;

/// <summary>
/// Retries of safe requests (GET, LIST, WATCH, server-side apply, DELETE) on 429, 5xx, timeouts and connection errors:
/// capped exponential backoff with jitter, or the server's <c>Retry-After</c> when it gives one (capped by
/// <see cref="MaxRetryAfter"/>).
/// </summary>
/// <param name="MaxAttempts">Total attempts including the first.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter)
{
    public static RetryPolicy Default { get; } = new(6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));

    /// <summary>No retries at all.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1 (attempt counts from 1). <paramref name="jitter"/> is a
    /// value in [0, 1): the delay is between half and all of <c>min(MaxDelay, BaseDelay * 2^(attempt-1))</c>.
    /// </summary>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter, double jitter)
    {
        if (retryAfter is { } serverSaid && serverSaid >= TimeSpan.Zero)
        {
            return serverSaid < MaxRetryAfter ? serverSaid : MaxRetryAfter;
        }

        return new Backoff(BaseDelay, MaxDelay).After(attempt, jitter);
    }

    /// <summary>HTTP codes worth another try: 429 and the 5xx a restarting or overloaded server gives.</summary>
    public static bool IsRetryable(int statusCode) => statusCode is 429 or 500 or 502 or 503 or 504;
}
