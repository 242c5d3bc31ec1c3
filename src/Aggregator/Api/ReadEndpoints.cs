using System.Globalization;
using Dm.Aggregator.Auth;
using Dm.Aggregator.History;
using Dm.Aggregator.Notifications;
using Dm.Aggregator.State;
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

    public static Ok<StateResponse> GetState(AggregatorState state) => TypedResults.Ok(state.State);

    /// <summary><c>GET /api/notifications</c>: the receivers (failing or not), the recent deliveries and the errors of notifications.yaml.</summary>
    public static Ok<NotificationsResponse> GetNotifications(NotificationHub notifications) => TypedResults.Ok(notifications.Snapshot());

    public static Results<Ok<HistoryPage>, ProblemHttpResult> GetHistory(
        AggregatorState state, string? env = null, string? resource = null, string? kind = null, string? limit = null, string? before = null)
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

        _ = state.State;
        var page = state.History.Query(new HistoryFilter(env, resource, kind), count, before);
        return page is null
            ? Problems.Invalid($"'before' \"{before}\" is not a commit or event of the history; pass the 'next' value of a previous page.")
            : TypedResults.Ok(page);
    }

    public static Results<Ok<ResourceResponse>, ProblemHttpResult> GetResource(string resource, AggregatorState state)
    {
        if (RequestValidation.Resource("resource", resource) is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        var current = state.State.Resources.FirstOrDefault(r => r.Name == resource)?.Environments;
        var events = state.History.All(new HistoryFilter(null, resource, null));
        if (current is null && events.Count == 0)
        {
            return Problems.NotFound($"Resource \"{resource}\" is in no environment and in no commit of the history.");
        }

        return TypedResults.Ok(ResourceHistory.Build(resource, events, current ?? new Dictionary<string, ResourceCell>()));
    }

    public static Ok<AggregatorStatus> GetStatus(AggregatorState state)
    {
        StateResponse? current = null;
        try
        {
            current = state.State;
        }
        catch (RepoUnavailableException)
        {
            // Not read yet: the status says so through readiness.
        }

        return TypedResults.Ok(new AggregatorStatus(
            state.Readiness.IsReady,
            state.Readiness.NotReadyReason,
            current?.Revision,
            state.History.Head,
            state.History.Count,
            state.Events.LastId,
            current?.Deployer,
            current?.Transitioner,
            current?.Errors.Count ?? 0));
    }
}
