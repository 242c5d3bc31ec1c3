using Microsoft.Extensions.Time.Testing;

namespace Dm.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also records the timers the code under test creates: every finite due time it
/// asked for (<see cref="RequestedDelays"/>), how many timers are still scheduled (<see cref="ActiveTimers"/>), and a way
/// to wait until it starts a given wait (<see cref="WaitForTimerAsync"/>). With <c>advanceToEachTimer</c>, each new timer
/// moves the clock to its due time at once, so backoff delays complete without waiting.
/// </summary>
public sealed class RecordingTimeProvider(DateTimeOffset start, bool advanceToEachTimer = false) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly Lock _advancing = new();
    private readonly HashSet<RecordedTimer> _scheduled = [];
    private readonly List<TimeSpan> _requested = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> _waiters = [];

    /// <summary>Every finite timer due time requested so far (a record of the waits the code under test chose).</summary>
    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (_gate)
            {
                return [.. _requested];
            }
        }
    }

    /// <summary>Timers that are scheduled to fire.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_gate)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <summary>Completes when a timer whose due time matches is created (or was already).</summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_gate)
        {
            foreach (var requested in _requested.Where(match))
            {
                return Task.FromResult(requested);
            }

            var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordedTimer(this, period);
        Record(timer, dueTime);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return timer;
    }

    private void Record(RecordedTimer timer, TimeSpan dueTime)
    {
        List<TaskCompletionSource<TimeSpan>> signals = [];
        lock (_gate)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _scheduled.Remove(timer);
                return;
            }

            _scheduled.Add(timer);
            _requested.Add(dueTime);
            foreach (var waiter in _waiters.Where(w => w.Match(dueTime)).ToList())
            {
                _waiters.Remove(waiter);
                signals.Add(waiter.Signal);
            }
        }

        foreach (var signal in signals)
        {
            signal.TrySetResult(dueTime);
        }

        if (advanceToEachTimer && dueTime > TimeSpan.Zero)
        {
            var due = GetUtcNow() + dueTime;
            ThreadPool.QueueUserWorkItem(_ => AdvanceTo(due));
        }
    }

    private void AdvanceTo(DateTimeOffset due)
    {
        lock (_advancing)
        {
            if (GetUtcNow() < due)
            {
                SetUtcNow(due);
            }
        }
    }

    private void Unschedule(RecordedTimer timer)
    {
        lock (_gate)
        {
            _scheduled.Remove(timer);
        }
    }

    private sealed class RecordedTimer(RecordingTimeProvider owner, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer? Inner { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            owner.Record(this, dueTime);
            return Inner!.Change(dueTime, period);
        }

        public void Fired()
        {
            if (_period <= TimeSpan.Zero || _period == Timeout.InfiniteTimeSpan)
            {
                owner.Unschedule(this);
            }
        }

        public void Dispose()
        {
            owner.Unschedule(this);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
