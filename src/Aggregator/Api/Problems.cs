using Dm.Aggregator.Writes;
using Dm.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dm.Aggregator.Api;

/// <summary>
/// RFC 7807 answers: the title is a reason of <see cref="Reasons"/>, the status is the one HTTP status that
/// reason maps to (the only place reasons meet HTTP), and the detail is precise.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(string detail) => Create(Reasons.InvalidRequest, detail);

    public static ProblemHttpResult NotFound(string detail) => Create(Reasons.NotFound, detail);

    public static ProblemHttpResult Create(string reason, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusOf(reason), title: reason);

    /// <summary>A planner's refusal as its problem.</summary>
    public static ProblemHttpResult Of(WritePlan.Refuse refusal) => Create(refusal.Reason, refusal.Detail);

    /// <summary>The HTTP status of a refusal reason.</summary>
    public static int StatusOf(string reason) => reason switch
    {
        Reasons.InvalidRequest => StatusCodes.Status400BadRequest,
        Reasons.Unauthorized => StatusCodes.Status401Unauthorized,
        Reasons.Forbidden or Reasons.EnvironmentNotAllowed => StatusCodes.Status403Forbidden,
        Reasons.NotFound or Reasons.EnvironmentNotFound or Reasons.ResourceNotFound
            or Reasons.VersionNotFound or Reasons.TransitionNotFound => StatusCodes.Status404NotFound,
        Reasons.NoPreviousVersion or Reasons.AlreadyAtVersion or Reasons.TargetLocked or Reasons.LocksUnreadable
            or Reasons.TransitionStateUnreadable or Reasons.NothingToApprove => StatusCodes.Status409Conflict,
        Reasons.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        Reasons.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        Reasons.NotLeader or Reasons.RepoUnavailable or Reasons.PushFailed
            or Reasons.TransitionerUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a refusal reason (Reasons.Refusals)."),
    };
}
