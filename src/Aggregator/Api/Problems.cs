using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dm.Aggregator.Api;

/// <summary>RFC 7807 answers with a title from a small vocabulary and a precise detail.</summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(string detail) => Create(StatusCodes.Status400BadRequest, "InvalidRequest", detail);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "NotFound", detail);

    public static ProblemHttpResult Conflict(string title, string detail) => Create(StatusCodes.Status409Conflict, title, detail);

    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
