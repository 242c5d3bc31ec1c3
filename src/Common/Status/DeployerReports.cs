using Dm.Domain;

namespace Dm.Status;

/// <summary>
/// Joins the status reports of several deployers into one view (pure): replicas of one deployer that share the
/// environments by Lease, or one deployer per cluster in a hub-and-spoke setup. Each environment is taken from the
/// first report whose deployer leads it; a <see cref="Reasons.NotLeader"/> entry only stands when no report leads
/// that environment (a failover in progress), so a reader never mistakes a standby's view for the environment's state.
/// </summary>
public static class DeployerReports
{
    public static DeployerStatusReport Merge(IReadOnlyList<DeployerStatusReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new ArgumentException("at least one report is needed", nameof(reports));
        }

        var environments = new SortedDictionary<string, EnvironmentDeployStatus>(StringComparer.Ordinal);
        foreach (var (name, status) in reports.SelectMany(r => r.Environments))
        {
            if (!environments.TryGetValue(name, out var taken) || (Standby(taken) && !Standby(status)))
            {
                environments[name] = status;
            }
        }

        var repo = reports.FirstOrDefault(r => r.RepoReason is not null) ?? reports[0];
        return new DeployerStatusReport(environments, reports.Max(r => r.GeneratedAt))
        {
            Revision = reports.Select(r => r.Revision).FirstOrDefault(r => r is not null),
            RepoReason = repo.RepoReason,
            RepoMessage = repo.RepoMessage,
        };
    }

    /// <summary>Whether the entry is a standby replica's placeholder (it does not lead the environment).</summary>
    public static bool Standby(EnvironmentDeployStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Reason == Reasons.NotLeader;
    }
}
