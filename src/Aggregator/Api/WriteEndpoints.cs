using Dm.Aggregator.Auth;
using Dm.Aggregator.State;
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

        var invalid = RequestValidation.Resource("resource", request!.Resource)
            ?? RequestValidation.Version("version", request.Version)
            ?? (request.Env is null ? null : RequestValidation.Environment("env", request.Env))
            ?? RequestValidation.Fields("fields", request.Fields)
            ?? RequestValidation.Text("changelog", request.Changelog, RequestValidation.MaxChangelogLength, required: false);
        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        var newVersion = new NewVersion(request.Resource!, request.Version!, request.Fields, request.Changelog, request.Env);
        var ci = options.Value.CiEnvironments.ToHashSet(StringComparer.Ordinal);
        var outcome = await writer.WriteAsync(RoleFilter.CallerOf(http), model => VersionPlanner.Plan(model, newVersion, ci), cancellationToken);
        return outcome switch
        {
            WriteOutcome.Committed c => TypedResults.Created((string?)null, new WriteResponse(c.CommitId, true)),
            WriteOutcome.Unchanged u => TypedResults.Ok(new WriteResponse(u.HeadId, false)),
            WriteOutcome.Refused r => Problems.Create(r.Reason, r.Detail),
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

        var promotion = new Promotion(request.Env!, request.Resource!, request.Version!, request.Reason, request.Force, RoleFilter.CallerOf(http));
        return ToResult(await writer.WriteAsync(
            promotion.By,
            (model, ct) => lookup.ForPromotionAsync(model, promotion, ct),
            (model, content) => PromotionPlanner.Promote(model, promotion, content, time.GetUtcNow()),
            cancellationToken));
    }

    public static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PostRollbackAsync(
        HttpContext http, RepoWriter writer, VersionLookup lookup, TimeProvider time, CancellationToken cancellationToken)
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

        var rollback = new Rollback(request.Env!, request.Resource!, request.Version, request.Reason!, RoleFilter.CallerOf(http));
        return ToResult(await writer.WriteAsync(
            rollback.By,
            (model, ct) => lookup.ForRollbackAsync(model, rollback, ct),
            (model, inputs) => PromotionPlanner.Rollback(model, rollback, inputs, time.GetUtcNow()),
            cancellationToken));
    }

    public static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PostApprovalAsync(
        HttpContext http, RepoWriter writer, CurrentState current, TimeProvider time, CancellationToken cancellationToken)
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

        IReadOnlyDictionary<string, string>? versions = request.Versions;
        if (versions is null)
        {
            var (pending, refusal) = ApprovalPlanner.PendingMoves(request.Transition!, current.Transitioner, current.TransitionerAvailability);
            if (refusal is not null)
            {
                return Problems.Of(refusal);
            }

            versions = pending!;
        }

        var approval = new Approval(request.Transition!, versions, request.Reason, RoleFilter.CallerOf(http));
        return ToResult(await writer.WriteAsync(approval.By, model => ApprovalPlanner.Plan(model, approval, time.GetUtcNow()), cancellationToken));
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
        return ToResult(await writer.WriteAsync(caller, model => LockPlanner.Lock(model, env, resource, reason), cancellationToken));
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
        return ToResult(await writer.WriteAsync(caller, model => LockPlanner.Unlock(model, env, resource, caller.Name, request?.Reason, force), cancellationToken));
    }

    private static Results<Ok<WriteResponse>, ProblemHttpResult> ToResult(WriteOutcome outcome) => outcome switch
    {
        WriteOutcome.Committed c => TypedResults.Ok(new WriteResponse(c.CommitId, true)),
        WriteOutcome.Unchanged u => TypedResults.Ok(new WriteResponse(u.HeadId, false)),
        WriteOutcome.Refused r => Problems.Create(r.Reason, r.Detail),
        _ => throw new InvalidOperationException($"Unknown write outcome {outcome}."),
    };
}
