namespace Dm.Hosting;

/// <summary>
/// Wakes a daemon's loop early: <c>POST /api/refresh</c>, a git push webhook or a writer in the same process calls
/// <see cref="Request"/>; the loop waits with <see cref="WaitAsync"/> for a request or its poll interval.
/// Requests that arrive while the loop is busy coalesce into one wake-up, so a burst of notifications costs one round.
/// </summary>
public sealed class RefreshSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<string> _next = NewSource();
    private string? _pendingReason;

    /// <summary>The number of requests received so far (for metrics and tests).</summary>
    public long Requests { get; private set; }

    public void Request(string reason)
    {
        TaskCompletionSource<string> toComplete;
        lock (_lock)
        {
            Requests++;
            _pendingReason ??= reason;
            toComplete = _next;
        }

        toComplete.TrySetResult(reason);
    }

    /// <summary>
    /// Returns the reason of the pending request at once if there is one, else waits until a request arrives
    /// (returns its reason) or <paramref name="pollInterval"/> passes on <paramref name="timeProvider"/> (returns <c>"poll"</c>).
    /// </summary>
    public async Task<string> WaitAsync(TimeSpan pollInterval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Task<string> signal;
        lock (_lock)
        {
            if (TryTakePending(out var reason))
            {
                return reason;
            }

            signal = _next.Task;
        }

        using (var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var delay = Task.Delay(pollInterval, timeProvider, stopDelay.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await stopDelay.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return TryTakePending(out var reason) ? reason : "poll";
        }
    }

    private bool TryTakePending(out string reason)
    {
        if (_pendingReason is null)
        {
            reason = string.Empty;
            return false;
        }

        reason = _pendingReason;
        _pendingReason = null;
        _next = NewSource();
        return true;
    }

    private static TaskCompletionSource<string> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
