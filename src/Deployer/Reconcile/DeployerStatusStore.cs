using System.Collections.Concurrent;
using Dm.Status;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// The latest status of every environment and of the repo, as served at <c>GET /api/status</c>. Thread-safe.
/// <paramref name="changed"/> is called (on the setting thread) when an environment's state or revision moved
/// (<see cref="Moved"/>), so the daemons that read this status can be told at once.
/// </summary>
public sealed class DeployerStatusStore(TimeProvider time, Action<string, EnvironmentDeployStatus>? changed = null)
{
    private readonly ConcurrentDictionary<string, EnvironmentDeployStatus> _environments = new(StringComparer.Ordinal);
    private volatile RepoStatus _repo = new(null, null, null);

    public void Set(string environment, EnvironmentDeployStatus status)
    {
        EnvironmentDeployStatus? previous = null;
        _environments.AddOrUpdate(environment, status, (_, old) =>
        {
            previous = old;
            return status;
        });
        if (changed is not null && Moved(previous, status))
        {
            changed(environment, status);
        }
    }

    /// <summary>Whether a reader of the status (SourceClean, the board) would see something new: state, reason, revision or healthy revision. Pure.</summary>
    public static bool Moved(EnvironmentDeployStatus? previous, EnvironmentDeployStatus next) =>
        previous is null
        || previous.State != next.State
        || previous.Reason != next.Reason
        || previous.Revision != next.Revision
        || previous.HealthyRevision != next.HealthyRevision;

    public EnvironmentDeployStatus? Get(string environment) => _environments.GetValueOrDefault(environment);

    public void Remove(string environment) => _environments.TryRemove(environment, out _);

    public IReadOnlyCollection<string> Environments => [.. _environments.Keys];

    public void SetRepo(string? revision, string? reason, string? message) => _repo = new RepoStatus(revision, reason, message);

    public DeployerStatusReport Report() => new(
        new SortedDictionary<string, EnvironmentDeployStatus>(_environments, StringComparer.Ordinal),
        time.GetUtcNow())
    {
        Revision = _repo.Revision,
        RepoReason = _repo.Reason,
        RepoMessage = _repo.Message,
    };

    private sealed record RepoStatus(string? Revision, string? Reason, string? Message);
}
