namespace Dm.Status;

/// <summary>
/// The merged status of several deployers (<see cref="DeployerReports.Merge"/>) and, for each deployer that could not
/// be read, why (<c>GET &lt;url&gt;/api/status failed: ...</c>); its environments are then missing from the report.
/// </summary>
public sealed record DeployerReading(DeployerStatusReport Report, IReadOnlyList<string> Failures);
