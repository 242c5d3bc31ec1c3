namespace Dm.Hosting.Election;

/// <summary>
/// Whether this replica may act, as the rest of a daemon asks it. Without election (<see cref="Unelected"/>: one
/// replica, the playground) it always may. With election it may while it holds the Lease and its last successful
/// renewal started less than the renew deadline ago; that is judged on the clock at every call, so a leader whose
/// renewals hang stops acting on time even before its elector notices.
/// </summary>
public sealed class Leadership
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private DateTimeOffset _validUntil = DateTimeOffset.MinValue;
    private string? _holder;
    private bool _announced;

    private Leadership(string lease, string identity, bool elected, TimeProvider time)
    {
        Lease = lease;
        Identity = identity;
        Elected = elected;
        _time = time;
    }

    /// <summary>
    /// Raised (from the elector's loop) with true when this replica starts holding the Lease and false when its elector
    /// gives it up. <see cref="IsLeader"/> may turn false earlier, when the renew deadline passes on the clock.
    /// </summary>
    public event Action<bool>? Changed;

    /// <summary>The Lease as <c>namespace/name</c>; empty when not elected.</summary>
    public string Lease { get; }

    public string Identity { get; }

    /// <summary>True when a Lease decides; false when this replica always acts.</summary>
    public bool Elected { get; }

    public bool IsLeader
    {
        get
        {
            if (!Elected)
            {
                return true;
            }

            lock (_gate)
            {
                return _holder == Identity && _time.GetUtcNow() < _validUntil;
            }
        }
    }

    /// <summary>The holder last observed (this replica when it leads); null when none or not elected.</summary>
    public string? Holder
    {
        get
        {
            lock (_gate)
            {
                return _holder;
            }
        }
    }

    /// <summary>A replica that always acts.</summary>
    public static Leadership Unelected() => new(string.Empty, string.Empty, elected: false, TimeProvider.System);

    /// <summary>A replica that acts only while it holds <paramref name="lease"/> (<c>namespace/name</c>).</summary>
    public static Leadership Elect(string lease, string identity, TimeProvider time) => new(lease, identity, elected: true, time);

    /// <summary>For <c>/readyz</c> and logs: who leads.</summary>
    public string Describe() =>
        !Elected ? "no leader election"
        : IsLeader ? $"leader of lease {Lease} ({Identity})"
        : $"standby for lease {Lease} ({Identity}; leader: {Holder ?? "none"})";

    /// <summary>This replica holds the Lease and may act until <paramref name="validUntil"/> unless renewed.</summary>
    internal void Led(DateTimeOffset validUntil)
    {
        bool started;
        lock (_gate)
        {
            started = !_announced;
            _announced = true;
            _holder = Identity;
            _validUntil = validUntil;
        }

        if (started)
        {
            Changed?.Invoke(true);
        }
    }

    /// <summary>Another replica (or none) holds the Lease, or this one gave it up.</summary>
    internal void Follow(string? holder)
    {
        bool stopped;
        lock (_gate)
        {
            stopped = _announced;
            _announced = false;
            _holder = holder == Identity ? null : holder;
            _validUntil = DateTimeOffset.MinValue;
        }

        if (stopped)
        {
            Changed?.Invoke(false);
        }
    }
}
