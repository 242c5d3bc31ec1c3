using System.Globalization;
using Dm.Aggregator.Auth;
using Dm.Aggregator.Events;
using Dm.Aggregator.History;
using Dm.Aggregator.Notifications;
using Dm.Aggregator.State;
using Dm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dm.Aggregator.Api;

/// <summary>The read endpoints: state, history, resources, the aggregator's status and the event stream.</summary>
public static class ReadEndpoints
{
    public const int DefaultHistoryLimit = 50;
    public const int MaxHistoryLimit = 500;

    public static RouteGroupBuilder MapReadEndpoints(this RouteGroupBuilder api)
    {
        var reads = api.MapGroup(string.Empty).AddEndpointFilter(new RoleFilter(AggregatorRole.Viewer, isRead: true));
        reads.MapGet("/state", GetState);
        reads.MapGet("/history", GetHistory);
        reads.MapGet("/resources/{resource}", GetResource);
        reads.MapGet("/status", GetStatus);
        reads.MapGet("/events", EventStream.StreamAsync);
        reads.MapGet("/notifications", GetNotifications);
        return api;
    }

    public static Ok<StateResponse> GetState(CurrentState current) => TypedResults.Ok(current.State);

    /// <summary><c>GET /api/notifications</c>: the receivers (failing or not), the recent deliveries and the errors of notifications.yaml.</summary>
    public static Ok<NotificationsResponse> GetNotifications(NotificationHub notifications) => TypedResults.Ok(notifications.Snapshot());

    public static Results<Ok<HistoryPage>, ProblemHttpResult> GetHistory(
        CurrentState current, HistoryIndex history, string? env = null, string? resource = null, string? kind = null, string? limit = null, string? before = null)
    {
        var invalid = (env is null ? null : RequestValidation.Environment("env", env))
            ?? (resource is null ? null : RequestValidation.Resource("resource", resource))
            ?? (kind is null || HistoryEventKinds.All.Contains(kind) ? null : $"'kind' \"{kind}\" is not one of: {string.Join(", ", HistoryEventKinds.All)}.");
        var count = DefaultHistoryLimit;
        if (invalid is null && limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxHistoryLimit))
        {
            invalid = $"'limit' must be a whole number from 1 to {MaxHistoryLimit}.";
        }

        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        _ = current.State;
        var page = history.Query(new HistoryFilter(env, resource, kind), count, before);
        return page is null
            ? Problems.Invalid($"'before' \"{before}\" is not a commit or event of the history; pass the 'next' value of a previous page.")
            : TypedResults.Ok(page);
    }

    public static Results<Ok<ResourceResponse>, ProblemHttpResult> GetResource(string resource, CurrentState current, HistoryIndex history)
    {
        if (RequestValidation.Resource("resource", resource) is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        var cells = current.State.Resources.FirstOrDefault(r => r.Name == resource)?.Environments;
        var events = history.All(new HistoryFilter(null, resource, null));
        if (cells is null && events.Count == 0)
        {
            return Problems.NotFound($"Resource \"{resource}\" is in no environment and in no commit of the history.");
        }

        return TypedResults.Ok(ResourceHistory.Build(resource, events, cells ?? new Dictionary<string, ResourceCell>()));
    }

    public static Ok<AggregatorStatus> GetStatus(CurrentState current, HistoryIndex history, EventHub events, DaemonReadiness readiness)
    {
        // Before the repo is read there is no state: the status says so through readiness.
        var state = current.Last;
        return TypedResults.Ok(new AggregatorStatus(
            readiness.IsReady,
            readiness.NotReadyReason,
            state?.Revision,
            history.Head,
            history.Count,
            events.LastId,
            state?.Deployer,
            state?.Transitioner,
            state?.Errors.Count ?? 0)
        {
            Deployers = state?.Deployers ?? [],
        });
    }
}
