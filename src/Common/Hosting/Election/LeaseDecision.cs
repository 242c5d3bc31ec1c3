namespace Dm.Hosting.Election;

/// <summary>What a replica does with the Lease it observed (<see cref="LeasePolicy.Decide"/>).</summary>
public abstract record LeaseDecision
{
    private LeaseDecision()
    {
    }

    /// <summary>No Lease exists: create it, holding it (no resourceVersion: it must not exist yet).</summary>
    public sealed record Acquire(LeaseRecord Lease) : LeaseDecision;

    /// <summary>This replica holds the Lease: write a new renewTime on the observed resourceVersion.</summary>
    public sealed record Renew(LeaseRecord Lease) : LeaseDecision;

    /// <summary>The Lease is released or expired: write this replica as holder on the observed resourceVersion.</summary>
    public sealed record TakeOver(LeaseRecord Lease, string? PreviousHolder) : LeaseDecision;

    /// <summary>Another replica holds a live Lease: stand by until <paramref name="ExpiresAt"/> (local clock) at the earliest.</summary>
    public sealed record Wait(string Holder, DateTimeOffset ExpiresAt) : LeaseDecision;
}
