using Prometheus;

namespace Dm.Common.Hosting;

/// <summary>What the common daemon endpoints act on.</summary>
public sealed record DaemonEndpointContext(
    RefreshSignal Refresh,
    DaemonReadiness Readiness,
    CollectorRegistry Metrics,
    string Branch,
    string? WebhookSecret);
