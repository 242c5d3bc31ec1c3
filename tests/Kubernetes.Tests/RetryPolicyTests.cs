using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(6, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(1, 0.0, 50)]
    [InlineData(1, 1.0, 100)]
    [InlineData(2, 1.0, 200)]
    [InlineData(3, 0.5, 300)]
    [InlineData(4, 1.0, 800)]
    [InlineData(5, 1.0, 1000)]
    [InlineData(20, 1.0, 1000)]
    public void Backoff_doubles_from_the_base_is_capped_and_jittered_between_half_and_full(int attempt, double jitter, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Policy.DelayBefore(attempt, null, jitter));
    }

    [Fact]
    public void Retry_after_from_the_server_wins_but_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), Policy.DelayBefore(1, TimeSpan.FromSeconds(7), 0.3));
        Assert.Equal(TimeSpan.FromSeconds(30), Policy.DelayBefore(1, TimeSpan.FromMinutes(10), 0.3));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(422, false)]
    [InlineData(501, false)]
    public void Only_overload_and_server_errors_are_retryable(int code, bool retryable)
    {
        Assert.Equal(retryable, RetryPolicy.IsRetryable(code));
    }
}
