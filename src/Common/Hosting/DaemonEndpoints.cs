using Dm.Domain;
using Dm.Hosting.Election;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dm.Hosting;

/// <summary>
/// The endpoints every DM daemon serves: <c>GET /healthz</c>, <c>GET /readyz</c>, <c>GET /metrics</c>,
/// <c>POST /api/refresh</c> and <c>POST /api/hooks/git</c> (git host push webhooks). <c>/metrics</c> writes the
/// daemon's registry (see <see cref="DaemonMetrics"/>) in the Prometheus text format.
/// </summary>
public static class DaemonEndpoints
{
    /// <summary>Largest webhook body read (git hosts send well under this).</summary>
    public const int MaxWebhookBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapDaemonEndpoints(this IEndpointRouteBuilder endpoints, DaemonEndpointContext context)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Text("ok"));
        endpoints.MapGet("/readyz", () => Readyz(context.Readiness, context.Leadership));
        if (context.Leadership is { } leadership)
        {
            LeaderMetrics.Register(context.Metrics, leadership);
        }

        endpoints.MapGet("/metrics", (HttpContext http) => TypedResults.Stream(
            stream => context.Metrics.CollectAndExportAsTextAsync(stream, http.RequestAborted), DaemonMetrics.ContentType));
        endpoints.MapPost("/api/refresh", () =>
        {
            context.Refresh.Request("api");
            return TypedResults.Accepted((string?)null, new RefreshAccepted("refresh requested"));
        });
        endpoints.MapPost("/api/hooks/git", (HttpRequest request, CancellationToken cancellationToken) => GitHookAsync(request, context, cancellationToken));
        return endpoints;
    }

    /// <summary>
    /// Ready or not (503 with the reason); with leader election the text also says who leads. A standby is ready: it
    /// serves reads and status, and a rolling update must not wait for it to lead.
    /// </summary>
    private static Results<Ok<string>, ProblemHttpResult> Readyz(DaemonReadiness readiness, Leadership? leadership)
    {
        var leader = leadership is { Elected: true } ? "; " + leadership.Describe() : string.Empty;
        return readiness.NotReadyReason is { } reason
            ? TypedResults.Problem(detail: $"Not ready: {reason}{leader}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "NotReady")
            : TypedResults.Ok("ready" + leader);
    }

    private static async Task<IResult> GitHookAsync(HttpRequest request, DaemonEndpointContext context, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxWebhookBytes)
        {
            return TypedResults.Problem(detail: $"Webhook body exceeds {MaxWebhookBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxWebhookBytes)
        {
            return TypedResults.Problem(detail: $"Webhook body exceeds {MaxWebhookBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var outcome = GitPushWebhook.Evaluate(headers, buffer.ToArray(), context.WebhookSecret, context.Branch);
        switch (outcome)
        {
            case WebhookOutcome.Refresh refresh:
                context.Refresh.Request("webhook:" + refresh.Provider);
                return TypedResults.Accepted((string?)null, new RefreshAccepted("refresh requested"));
            case WebhookOutcome.Ignored ignored:
                return TypedResults.Ok(new RefreshAccepted("ignored: " + ignored.Reason));
            case WebhookOutcome.Unauthorized unauthorized:
                return TypedResults.Problem(detail: unauthorized.Reason, statusCode: StatusCodes.Status401Unauthorized, title: Reasons.Unauthorized);
            case WebhookOutcome.Invalid invalid:
                return TypedResults.Problem(detail: invalid.Reason, statusCode: StatusCodes.Status400BadRequest, title: "InvalidWebhook");
            default:
                throw new InvalidOperationException($"Unknown webhook outcome {outcome}.");
        }
    }
}
