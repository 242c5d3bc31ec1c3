using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>What one deployer's <c>/api/status</c> gave in a round: its report, or why it could not be read.</summary>
public sealed record DeployerRead(Uri Url, DeployerStatusReport? Report, string? Failure);
