using Dm.Hosting.Election;
using Prometheus;

namespace Dm.Hosting;

/// <summary>What the common daemon endpoints act on; <c>/readyz</c> and <c>/metrics</c> say who leads when <paramref name="Leadership"/> is elected.</summary>
public sealed record DaemonEndpointContext(
    RefreshSignal Refresh,
    DaemonReadiness Readiness,
    CollectorRegistry Metrics,
    string Branch,
    string? WebhookSecret,
    Leadership? Leadership = null);
