namespace Dm.Hosting.Election;

/// <summary>
/// The pure part of leader election. Expiry is judged on this replica's clock from the moment it first saw the
/// current version of the Lease (as client-go does), never from the holder's <c>renewTime</c>, so clock skew between
/// nodes cannot make a live lease look expired.
/// </summary>
public static class LeasePolicy
{
    /// <summary>
    /// Decides what to do with <paramref name="observed"/> (null: no Lease), first seen unchanged at
    /// <paramref name="observedSince"/>, as <paramref name="identity"/> at <paramref name="now"/>.
    /// </summary>
    public static LeaseDecision Decide(LeaseRecord? observed, DateTimeOffset observedSince, string identity, TimeSpan leaseDuration, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        var seconds = (int)leaseDuration.TotalSeconds;
        if (observed is null)
        {
            return new LeaseDecision.Acquire(new LeaseRecord(identity, seconds, now, now, 0, null));
        }

        if (observed.HolderIdentity == identity)
        {
            return new LeaseDecision.Renew(observed with { LeaseDurationSeconds = seconds, AcquireTime = observed.AcquireTime ?? now, RenewTime = now });
        }

        var expiresAt = observedSince + TimeSpan.FromSeconds(observed.LeaseDurationSeconds);
        if (observed.IsReleased || now >= expiresAt)
        {
            return new LeaseDecision.TakeOver(
                observed with { HolderIdentity = identity, LeaseDurationSeconds = seconds, AcquireTime = now, RenewTime = now, LeaseTransitions = observed.LeaseTransitions + 1 },
                observed.IsReleased ? null : observed.HolderIdentity);
        }

        return new LeaseDecision.Wait(observed.HolderIdentity!, expiresAt);
    }

    /// <summary>
    /// The record a holder writes when it stops: no holder, a one-second duration, so a standby takes over at its next
    /// look instead of waiting out the lease. Applied on <paramref name="held"/>'s resourceVersion.
    /// </summary>
    public static LeaseRecord Release(LeaseRecord held)
    {
        ArgumentNullException.ThrowIfNull(held);
        return held with { HolderIdentity = null, LeaseDurationSeconds = 1, AcquireTime = null, RenewTime = null };
    }
}
