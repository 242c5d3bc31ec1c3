using Dm.Domain;

namespace Dm.Common.Tests.Domain;

public class BackoffTests
{
    private static readonly Backoff Rule = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.999999, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(4, 0.0, 4000)]
    [InlineData(5, 0.0, 5000)]
    [InlineData(5, 0.999999, 10000)]
    [InlineData(1000, 0.0, 5000)]
    public void The_wait_lies_between_half_and_all_of_the_capped_exponential_ceiling(int failures, double jitter, double expectedMs)
    {
        Assert.Equal(expectedMs, Rule.After(failures, jitter).TotalMilliseconds, 0.01);
    }

    [Fact]
    public void A_first_or_nonsense_failure_count_and_jitter_out_of_range_stay_within_the_first_ceiling()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), Rule.After(0, -3));
        Assert.Equal(TimeSpan.FromSeconds(1), Rule.After(-5, 7));
    }
}
