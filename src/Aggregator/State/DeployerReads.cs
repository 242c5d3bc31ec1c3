using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>
/// Pure: one round's reads of every configured deployer in; out the merged report of those that answered
/// (<see cref="DeployerReports.Merge"/>, as the transitioner merges them), the availability of the deployer side as a
/// whole (unavailable, naming each deployer that did not answer, as soon as one does not) and each deployer's own.
/// </summary>
public static class DeployerReads
{
    public static (DeployerStatusReport? Report, SourceAvailability Availability, IReadOnlyList<DeployerAvailability> Deployers) Join(
        IReadOnlyList<DeployerRead> reads, IReadOnlyList<DeployerAvailability> previous, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(previous);
        if (reads.Count == 0)
        {
            return (null, SourceAvailability.NotConfigured, []);
        }

        var deployers = reads
            .Select(r => r.Report is { } report
                ? new DeployerAvailability(r.Url, true, null, now, [.. report.Environments.Keys.Order(StringComparer.Ordinal)])
                : new DeployerAvailability(r.Url, false, r.Failure, now, previous.FirstOrDefault(p => p.Url == r.Url)?.Environments ?? []))
            .ToList();
        var reports = reads.Select(r => r.Report).OfType<DeployerStatusReport>().ToList();
        var failures = deployers.Where(d => !d.Available).Select(d => d.Message).ToList();
        var availability = failures.Count == 0
            ? new SourceAvailability(true, true, null, now)
            : new SourceAvailability(true, false, string.Join("; ", failures), now);
        return (reports.Count == 0 ? null : DeployerReports.Merge(reports), availability, deployers);
    }

    /// <summary>
    /// Why an environment no deployer reports this round has no deploy status: the deployer that reported it last and
    /// cannot be read now, or, when no unreadable deployer is known to have reported it but one never answered, the
    /// failures of those. Null when every deployer that could deploy it answered (it is simply not reported).
    /// </summary>
    public static string? Unavailable(IReadOnlyList<DeployerAvailability> deployers, string environment)
    {
        ArgumentNullException.ThrowIfNull(deployers);
        var down = deployers.Where(d => !d.Available).ToList();
        if (down.FirstOrDefault(d => d.Environments.Contains(environment, StringComparer.Ordinal)) is { } owner)
        {
            return owner.Message;
        }

        var unknown = down.Where(d => d.Environments.Count == 0).Select(d => d.Message).ToList();
        return unknown.Count == 0 ? null : string.Join("; ", unknown);
    }
}
