namespace Dm.Aggregator.State;

/// <summary>
/// One configured deployer in <c>GET /api/state</c>: whether its <c>/api/status</c> could be read (when not, why), and
/// the environments it reports; while it cannot be read, the environments it reported last (none if it never answered).
/// </summary>
public sealed record DeployerAvailability(Uri Url, bool Available, string? Message, DateTimeOffset CheckedAt, IReadOnlyList<string> Environments);
