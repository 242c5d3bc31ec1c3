using Dm.Aggregator.Writes;
using Dm.Domain;
using Dm.Hosting.Election;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dm.Aggregator.Api;

/// <summary>
/// With leader election, only the Lease's holder writes to the resource repo: a standby answers every write request
/// under <c>/api</c> (anything but GET/HEAD, except <c>/api/refresh</c> and <c>/api/hooks/git</c>) with 503
/// <c>NotLeader</c> naming the leader and <c>Retry-After: 1</c>, before the body is read or a commit is planned. It
/// does not forward: a client retries (through the Service it lands on the leader or, after a failover, the new one).
/// </summary>
public sealed class LeaderWriteGate(Leadership leadership)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsWrite(context.Request) || leadership.IsLeader)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = Problems.StatusOf(Reasons.NotLeader);
        context.Response.Headers.RetryAfter = "1";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = Problems.StatusOf(Reasons.NotLeader),
                Title = Reasons.NotLeader,
                Detail = $"This aggregator replica ({leadership.Identity}) is a standby and does not write; the leader of lease {leadership.Lease} is {leadership.Holder ?? "not known yet"}. Retry the request: writes go to the leader.",
            },
        });
    }

    /// <summary>A request that would commit: a non-GET/HEAD under <c>/api</c>, other than a refresh or a git webhook.</summary>
    public static bool IsWrite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.Path.StartsWithSegments("/api")
            && !request.Path.StartsWithSegments("/api/refresh") && !request.Path.StartsWithSegments("/api/hooks");
    }
}
