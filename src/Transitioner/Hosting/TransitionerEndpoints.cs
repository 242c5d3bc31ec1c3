using Dm.Hosting;
using Dm.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dm.Transitioner.Hosting;

/// <summary>The transitioner's HTTP API: <c>GET /api/status</c> plus the common daemon endpoints.</summary>
public static class TransitionerEndpoints
{
    public static IEndpointRouteBuilder MapTransitioner(this IEndpointRouteBuilder endpoints)
    {
        var daemon = endpoints.ServiceProvider.GetRequiredService<TransitionerDaemon>();
        endpoints.MapDaemonEndpoints(daemon.EndpointContext);
        endpoints.MapGroup("/api").MapGet("/status", GetStatus);
        return endpoints;
    }

    private static Ok<TransitionerStatusReport> GetStatus(TransitionerDaemon daemon) => TypedResults.Ok(daemon.Status.Current);
}
