using Dm.Aggregator.State;

namespace Dm.Aggregator.Api;

/// <summary>Body of the aggregator's own <c>GET /api/status</c>.</summary>
public sealed record AggregatorStatus(
    bool Ready,
    string? NotReadyReason,
    string? Revision,
    string? HistoryHead,
    int HistoryEvents,
    long LastEventId,
    SourceAvailability? Deployer,
    SourceAvailability? Transitioner,
    int RepoErrors)
{
    /// <summary>Each configured deployer (see <see cref="StateResponse.Deployers"/>).</summary>
    public IReadOnlyList<DeployerAvailability> Deployers { get; init; } = [];
}
