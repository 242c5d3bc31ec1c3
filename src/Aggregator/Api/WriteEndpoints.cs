using Dm.Aggregator.Auth;
using Dm.Aggregator.Writes;
using Dm.ResourceRepo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.Api;

/// <summary>The write endpoints: versions (CI), locks, promotions, rollbacks and approvals (operators). Each is one commit or a refusal with no commit.</summary>
public static class WriteEndpoints
{
    public static RouteGroupBuilder MapWriteEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/versions", PostVersionAsync).AddEndpointFilter(new RoleFilter(AggregatorRole.Ci, isRead: false));
        var operators = api.MapGroup(string.Empty).AddEndpointFilter(new RoleFilter(AggregatorRole.Operator, isRead: false));
        operators.MapPut("/locks/{env}", PutEnvironmentLockAsync);
        operators.MapDelete("/locks/{env}", DeleteEnvironmentLockAsync);
        operators.MapPut("/locks/{env}/{resource}", PutResourceLockAsync);
        operators.MapDelete("/locks/{env}/{resource}", DeleteResourceLockAsync);
        operators.MapPost("/promotions", PostPromotionAsync);
        operators.MapPost("/rollbacks", PostRollbackAsync);
        operators.MapPost("/approvals", PostApprovalAsync);
        return api;
    }

    public static async Task<Results<Created<WriteResponse>, Ok<WriteResponse>, ProblemHttpResult>> PostVersionAsync(
        HttpContext http, RepoWriter writer, IOptions<AggregatorOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<VersionRequest>(http.Request, optional: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (VersionPlanner.Validate(request!) is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        var ci = options.Value.CiEnvironments.ToHashSet(StringComparer.Ordinal);
        var outcome = await writer.WriteAsync(RoleFilter.CallerOf(http), (model, _) => Task.FromResult(VersionPlanner.Plan(model, request!, ci)), cancellationToken);
        return outcome switch
        {
            WriteOutcome.Committed c => TypedResults.Created((string?)null, new WriteResponse(c.CommitId, true)),
            WriteOutcome.Unchanged u => TypedResults.Ok(new WriteResponse(u.HeadId, false)),
            WriteOutcome.Refused r => Problems.Create(r.Status, r.Title, r.Detail),
            _ => throw new InvalidOperationException($"Unknown write outcome {outcome}."),
        };
    }

    public static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PutEnvironmentLockAsync(
        string env, HttpContext http, RepoWriter writer, TimeProvider time, CancellationToken cancellationToken) =>
        LockAsync(env, null, http, writer, time, cancellationToken);

    public static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PutResourceLockAsync(
        string env, string resource, HttpContext http, RepoWriter writer, TimeProvider time, CancellationToken cancellationToken) =>
        LockAsync(env, resource, http, writer, time, cancellationToken);

    public static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> DeleteEnvironmentLockAsync(
        string env, HttpContext http, RepoWriter writer, CancellationToken cancellationToken) =>
        UnlockAsync(env, null, http, writer, cancellationToken);

    public static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> DeleteResourceLockAsync(
        string env, string resource, HttpContext http, RepoWriter writer, CancellationToken cancellationToken) =>
        UnlockAsync(env, resource, http, writer, cancellationToken);

    public static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PostPromotionAsync(
        HttpContext http, RepoWriter writer, VersionLookup lookup, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<PromotionRequest>(http.Request, optional: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var invalid = RequestValidation.Resource("resource", request!.Resource)
            ?? RequestValidation.Version("version", request.Version)
            ?? RequestValidation.Environment("env", request.Env)
            ?? RequestValidation.Text("reason", request.Reason, RequestValidation.MaxReasonLength, required: false);
        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        var caller = RoleFilter.CallerOf(http);
        var outcome = await writer.WriteAsync(caller, async (model, ct) =>
        {
            if (PromotionPlanner.Locate(model, request.Env!, request.Resource!, resourceMustExist: false) is { } refusal)
            {
                return refusal;
            }

            var content = await lookup.FindAsync(model, request.Resource!, request.Version!, ct);
            return content is null
                ? new WritePlan.Refuse(StatusCodes.Status404NotFound, "VersionNotFound",
                    $"'version' \"{request.Version}\" of resource \"{request.Resource}\" is in no environment and in no commit of the history.")
                : PromotionPlanner.Promote(model, request.Env!, request.Resource!, content, request.Reason, request.Force, caller, time.GetUtcNow());
        }, cancellationToken);
        return ToResult(outcome);
    }

    public static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PostRollbackAsync(
        HttpContext http, RepoWriter writer, VersionLookup lookup, AggregatorState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<RollbackRequest>(http.Request, optional: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var invalid = RequestValidation.Resource("resource", request!.Resource)
            ?? RequestValidation.Environment("env", request.Env)
            ?? (request.Version is null ? null : RequestValidation.Version("version", request.Version))
            ?? RequestValidation.Text("reason", request.Reason, RequestValidation.MaxReasonLength, required: true);
        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        var caller = RoleFilter.CallerOf(http);
        var outcome = await writer.WriteAsync(caller, async (model, ct) =>
        {
            if (PromotionPlanner.Locate(model, request.Env!, request.Resource!, resourceMustExist: true) is { } refusal)
            {
                return refusal;
            }

            // The previous version comes from the history: make sure it includes the head being planned on.
            await state.History.UpdateAsync(state.Repository, model.Revision, ct);
            var current = model.FindEnvironment(request.Env!)!.Find(request.Resource!)!.Version;
            var version = request.Version ?? lookup.PreviousVersion(request.Env!, request.Resource!, current);
            if (version is null)
            {
                return new WritePlan.Refuse(StatusCodes.Status409Conflict, "NoPreviousVersion",
                    $"The history has no version of \"{request.Resource}\" in \"{request.Env}\" before {current ?? "the current one"}; name one in 'version'.");
            }

            if (version == current)
            {
                return new WritePlan.Refuse(StatusCodes.Status409Conflict, "AlreadyAtVersion",
                    $"'version': \"{request.Resource}\" already runs {version} in \"{request.Env}\".");
            }

            var content = await lookup.FindAsync(model, request.Resource!, version, ct);
            return content is null
                ? new WritePlan.Refuse(StatusCodes.Status404NotFound, "VersionNotFound",
                    $"'version' \"{version}\" of resource \"{request.Resource}\" is in no environment and in no commit of the history.")
                : PromotionPlanner.Rollback(model, request.Env!, request.Resource!, content, request.Reason!, caller, time.GetUtcNow());
        }, cancellationToken);
        return ToResult(outcome);
    }

    public static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PostApprovalAsync(
        HttpContext http, RepoWriter writer, AggregatorState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<ApprovalRequest>(http.Request, optional: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var invalid = (string.IsNullOrEmpty(request!.Transition) ? "'transition' is required." : null)
            ?? RequestValidation.Text("reason", request.Reason, RequestValidation.MaxReasonLength, required: false);
        foreach (var (resource, version) in request.Versions ?? new Dictionary<string, string>())
        {
            invalid ??= RequestValidation.Resource("versions", resource) ?? RequestValidation.Version($"versions.{resource}", version);
        }

        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        var versions = request.Versions;
        if (versions is null)
        {
            if (!state.TransitionerAvailability.Available || state.Transitioner is not { } report)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "TransitionerUnavailable",
                    $"Cannot tell which moves of \"{request.Transition}\" are pending ({state.TransitionerAvailability.Message}); give them in 'versions'.");
            }

            versions = report.Transitions.GetValueOrDefault(request.Transition!)?.Pending.ToDictionary(p => p.Resource, p => p.To, StringComparer.Ordinal)
                ?? new Dictionary<string, string>();
        }

        var caller = RoleFilter.CallerOf(http);
        var outcome = await writer.WriteAsync(
            caller, (model, _) => Task.FromResult(ApprovalPlanner.Plan(model, request.Transition!, versions, request.Reason, caller, time.GetUtcNow())), cancellationToken);
        return ToResult(outcome);
    }

    private static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> LockAsync(
        string env, string? resource, HttpContext http, RepoWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<LockRequest>(http.Request, optional: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var invalid = RequestValidation.Environment("env", env)
            ?? (resource is null ? null : RequestValidation.Resource("resource", resource))
            ?? RequestValidation.Text("reason", request!.Reason, RequestValidation.MaxReasonLength, required: true)
            ?? (request.Expires is { } expires && expires <= now ? $"'expires' {expires:O} is not in the future." : null);
        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        var caller = RoleFilter.CallerOf(http);
        var reason = new LockReason(request!.Reason!.Trim(), caller.Name, now, request.Expires);
        return ToResult(await writer.WriteAsync(caller, (model, _) => Task.FromResult(LockPlanner.Lock(model, env, resource, reason)), cancellationToken));
    }

    private static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> UnlockAsync(
        string env, string? resource, HttpContext http, RepoWriter writer, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<LockRequest>(http.Request, optional: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var invalid = RequestValidation.Environment("env", env)
            ?? (resource is null ? null : RequestValidation.Resource("resource", resource))
            ?? RequestValidation.Text("reason", request?.Reason, RequestValidation.MaxReasonLength, required: false);
        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        var caller = RoleFilter.CallerOf(http);
        var force = request?.Force == true || string.Equals(http.Request.Query["force"], "true", StringComparison.OrdinalIgnoreCase);
        return ToResult(await writer.WriteAsync(
            caller, (model, _) => Task.FromResult(LockPlanner.Unlock(model, env, resource, caller.Name, request?.Reason, force)), cancellationToken));
    }

    private static Results<Ok<WriteResponse>, ProblemHttpResult> ToResult(WriteOutcome outcome) => outcome switch
    {
        WriteOutcome.Committed c => TypedResults.Ok(new WriteResponse(c.CommitId, true)),
        WriteOutcome.Unchanged u => TypedResults.Ok(new WriteResponse(u.HeadId, false)),
        WriteOutcome.Refused r => Problems.Create(r.Status, r.Title, r.Detail),
        _ => throw new InvalidOperationException($"Unknown write outcome {outcome}."),
    };
}
