using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Api;

/// <summary>Builds the <c>Status</c> objects and errors of the Kubernetes API conventions.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(ApiResourceType type, string name, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    /// <summary>The <c>Status</c> a real API server answers for the store's refusal: code, reason and details.</summary>
    public static StatusException From(StoreException e) => e switch
    {
        ObjectNotFoundException notFound => new(404, "NotFound", e.Message, Details(notFound.Name, notFound.Group, notFound.Resource)),
        ObjectExistsException exists => new(409, "AlreadyExists", e.Message, Details(exists.Name, exists.Type.Group, exists.Type.Plural)),
        VersionConflictException conflict => new(409, "Conflict", e.Message, Details(conflict.Name, conflict.Type.Group, conflict.Type.Plural)),
        UidPreconditionException => new(409, "Conflict", e.Message),
        FieldConflictException fields => new(409, "Conflict", e.Message, new JsonObject { ["causes"] = FieldConflictCauses(fields.Conflicts) }),
        InvalidObjectException invalid => Invalid(invalid),
        ResourceVersionRequiredException required => ResourceVersionRequired(required),
        InvalidPatchException => new(422, "Invalid", e.Message),
        MalformedRequestException => BadRequest(e.Message),
        ResourceVersionExpiredException => new(410, "Expired", e.Message),
        _ => new(500, "InternalError", $"Internal error occurred: {e.Message}"),
    };

    public static StatusException NoResource()
        => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException MethodNotAllowed()
        => new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static StatusException UnsupportedMediaType(string contentType)
        => new(
            415,
            "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {contentType})");

    /// <summary>The real server names the resource, not the kind, in this 422 (<c>leases.coordination.k8s.io "x" is invalid: ...</c>).</summary>
    private static StatusException ResourceVersionRequired(ResourceVersionRequiredException e)
    {
        var error = ResourceVersionRequiredException.Error;
        var details = Details(e.Name, e.Type.Group, e.Type.Plural);
        details["causes"] = new JsonArray(Cause(error));
        return new StatusException(422, "Invalid", e.Message, details);
    }

    /// <summary>422 Invalid with one cause per field error, worded like apimachinery's field.Error.</summary>
    private static StatusException Invalid(InvalidObjectException e)
    {
        var causes = new JsonArray();
        foreach (var error in e.Errors)
        {
            causes.Add(Cause(error));
        }

        var details = Details(e.Name, e.Type.Group, e.Type.Kind);
        details["causes"] = causes;
        return new StatusException(422, "Invalid", e.Message, details);
    }

    private static JsonObject Cause(FieldError error) => new() { ["reason"] = error.Reason, ["message"] = error.Detail, ["field"] = error.Field };

    private static JsonArray FieldConflictCauses(IReadOnlyList<FieldConflict> conflicts)
    {
        var causes = new JsonArray();
        foreach (var conflict in conflicts)
        {
            causes.Add(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with {conflict.Owner}", ["field"] = conflict.Field });
        }

        return causes;
    }

    private static JsonObject Details(string name, string group, string kind)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        return details;
    }
}
