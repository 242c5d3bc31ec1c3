using Dm.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Dm.Common.Tests.Hosting;

public class RefreshSignalTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_request_wakes_a_waiting_loop_with_its_reason()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var signal = new RefreshSignal();
        var wait = signal.WaitAsync(Poll, clock, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Request("api");

        Assert.Equal("api", await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Requests_while_busy_coalesce_into_one_wake_up()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var signal = new RefreshSignal();
        signal.Request("webhook:github");
        signal.Request("api");
        signal.Request("api");

        Assert.Equal("webhook:github", await signal.WaitAsync(Poll, clock, CancellationToken.None));
        var next = signal.WaitAsync(Poll, clock, CancellationToken.None);
        Assert.False(next.IsCompleted);
        Assert.Equal(3, signal.Requests);

        clock.Advance(Poll);
        Assert.Equal("poll", await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_poll_interval_wakes_the_loop_when_nothing_is_requested()
    {
        var clock = new RecordingTimeProvider(DateTimeOffset.UnixEpoch);
        var signal = new RefreshSignal();
        var wait = signal.WaitAsync(Poll, clock, CancellationToken.None);

        clock.Advance(Poll - TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("poll", await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var signal = new RefreshSignal();
        using var stop = new CancellationTokenSource();
        var wait = signal.WaitAsync(Poll, clock, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
