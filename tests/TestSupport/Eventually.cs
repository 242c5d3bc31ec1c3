using System.Diagnostics;

namespace Dm.TestSupport;

/// <summary>
/// Polls a condition until it holds or a timeout passes (never a fixed sleep for state); the one polling helper of the
/// tests. The timeout is measured on the real clock, so it also bounds waits on code that runs on a fake one.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        await HoldsAsync(() => Task.FromResult(condition()), what, timeout);
    }

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out after {waited.Elapsed.TotalSeconds:0.#} s waiting until {what}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="condition"/>; returns that value.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (waited.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out after {waited.Elapsed.TotalSeconds:0.#} s waiting until {what}; last value: {value}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
