using Dm.Deployer.Reconcile;
using Dm.Hosting;
using Dm.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Dm.Deployer.Hosting;

/// <summary>The deployer's HTTP API: <c>GET /api/status</c> plus the common daemon endpoints (health, readiness, metrics, refresh, git webhook).</summary>
public static class DeployerEndpoints
{
    public static IEndpointRouteBuilder MapDeployer(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<DeployerOptions>();
        endpoints.MapDaemonEndpoints(new DaemonEndpointContext(
            services.GetRequiredService<RefreshSignal>(),
            services.GetRequiredService<DaemonReadiness>(),
            services.GetRequiredService<CollectorRegistry>(),
            options.Branch,
            options.WebhookSecret));
        var api = endpoints.MapGroup("/api");
        api.MapGet("/status", GetStatus);
        return endpoints;
    }

    /// <summary>The leaders' view of every environment (<see cref="LeaderStatusView"/>); <c>?scope=local</c>: this replica's own.</summary>
    private static async Task<JsonHttpResult<DeployerStatusReport>> GetStatus(DeployerStatusStore store, LeaderStatusView view, string? scope, CancellationToken cancellationToken) =>
        TypedResults.Json(scope == "local" ? store.Report() : await view.ReportAsync(cancellationToken), DmJson.Options);
}
