using Dm.Aggregator.Writes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dm.Aggregator.Api;

/// <summary>
/// RFC 7807 answers: the title is a reason of <see cref="RefusalReasons"/>, the status is the one HTTP status that
/// reason maps to (the only place reasons meet HTTP), and the detail is precise.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(string detail) => Create(RefusalReasons.InvalidRequest, detail);

    public static ProblemHttpResult NotFound(string detail) => Create(RefusalReasons.NotFound, detail);

    public static ProblemHttpResult Create(string reason, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusOf(reason), title: reason);

    /// <summary>A planner's refusal as its problem.</summary>
    public static ProblemHttpResult Of(WritePlan.Refuse refusal) => Create(refusal.Reason, refusal.Detail);

    /// <summary>The HTTP status of a refusal reason.</summary>
    public static int StatusOf(string reason) => reason switch
    {
        RefusalReasons.InvalidRequest => StatusCodes.Status400BadRequest,
        RefusalReasons.Unauthorized => StatusCodes.Status401Unauthorized,
        RefusalReasons.Forbidden or RefusalReasons.EnvironmentNotAllowed => StatusCodes.Status403Forbidden,
        RefusalReasons.NotFound or RefusalReasons.EnvironmentNotFound or RefusalReasons.ResourceNotFound
            or RefusalReasons.VersionNotFound or RefusalReasons.TransitionNotFound => StatusCodes.Status404NotFound,
        RefusalReasons.NoPreviousVersion or RefusalReasons.AlreadyAtVersion or RefusalReasons.TargetLocked or RefusalReasons.LocksUnreadable
            or RefusalReasons.TransitionStateUnreadable or RefusalReasons.NothingToApprove => StatusCodes.Status409Conflict,
        RefusalReasons.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        RefusalReasons.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        RefusalReasons.NotLeader or RefusalReasons.RepoUnavailable or RefusalReasons.PushFailed
            or RefusalReasons.TransitionerUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a reason of RefusalReasons."),
    };
}
