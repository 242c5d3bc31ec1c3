using Dm.Common.Status;

namespace Dm.Aggregator.State;

/// <summary>One resource in one environment: repo version, deploy state from the deployer, and its resource lock.</summary>
public sealed record ResourceCell(
    string? Version,
    bool Broken,
    string? DeployedVersion,
    ResourceState? State,
    string? Reason,
    string? Message,
    LockView? Lock);
