using System.Collections.Concurrent;
using Dm.Common.Status;

namespace Dm.Deployer.Reconcile;

/// <summary>The latest status of every environment and of the repo, as served at <c>GET /api/status</c>. Thread-safe.</summary>
public sealed class DeployerStatusStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, EnvironmentDeployStatus> _environments = new(StringComparer.Ordinal);
    private volatile RepoStatus _repo = new(null, null, null);

    public void Set(string environment, EnvironmentDeployStatus status) => _environments[environment] = status;

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
