using Dm.Aggregator.Api;
using Dm.Aggregator.Repo;
using Dm.Aggregator.Writes;
using Dm.Domain;
using Dm.Git;
using Dm.Hosting;
using Dm.Hosting.Election;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Dm.Aggregator;

/// <summary>Maps the aggregator's HTTP API, the common daemon endpoints, the OpenAPI document and the UI.</summary>
public static class AggregatorEndpoints
{
    public static WebApplication MapAggregator(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        _ = app.Services.GetRequiredService<Writes.RepoWriter>(); // now, not at the first write: its metric families are on /metrics from the start
        var leadership = app.Services.GetRequiredService<Leadership>();
        app.Use(TranslateUnavailableAsync);
        app.Use(new LeaderWriteGate(leadership).InvokeAsync);
        app.MapDaemonEndpoints(new DaemonEndpointContext(
            app.Services.GetRequiredService<RefreshSignal>(),
            app.Services.GetRequiredService<DaemonReadiness>(),
            app.Services.GetRequiredService<CollectorRegistry>(), options.Branch, options.WebhookSecret, leadership));
        app.MapOpenApi("/openapi/{documentName}.json");
        var api = app.MapGroup("/api");
        api.MapWriteEndpoints();
        api.MapReadEndpoints();

        if (!string.IsNullOrEmpty(options.UiFolder) && Directory.Exists(options.UiFolder))
        {
            var files = new PhysicalFileProvider(Path.GetFullPath(options.UiFolder));
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            app.MapFallback(context => SpaFallbackAsync(context, files));
        }

        return app;
    }

    /// <summary>Unknown paths outside <c>/api</c> get the UI's index.html (client-side routing); unknown API paths stay 404.</summary>
    private static async Task SpaFallbackAsync(HttpContext context, IFileProvider files)
    {
        var index = files.GetFileInfo("index.html");
        if (context.Request.Path.StartsWithSegments("/api") || !HttpMethods.IsGet(context.Request.Method) || !index.Exists)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }

    /// <summary>A repo not opened yet, or a push git keeps refusing, is a 503 problem rather than a 500.</summary>
    private static async Task TranslateUnavailableAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is RepoUnavailableException or GitCommandException && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AggregatorEndpoints))
                .LogError(ex, "Request {Path} failed: the resource repo is unavailable", context.Request.Path.Value);
            var reason = ex is RepoUnavailableException ? Reasons.RepoUnavailable : Reasons.PushFailed;
            context.Response.StatusCode = Problems.StatusOf(reason);
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = Problems.StatusOf(reason),
                    Title = reason,
                    Detail = ex.Message,
                },
            });
        }
    }
}
