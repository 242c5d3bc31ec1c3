using Dm.Common.Metrics;

namespace Dm.Common.Hosting;

/// <summary>What the common daemon endpoints act on.</summary>
public sealed record DaemonEndpointContext(
    RefreshSignal Refresh,
    DaemonReadiness Readiness,
    MetricsRegistry Metrics,
    string Branch,
    string? WebhookSecret);
