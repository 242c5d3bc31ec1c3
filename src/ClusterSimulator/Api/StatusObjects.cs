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

    public static StatusException NotFound(ApiResourceType type, string name)
        => new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Details(name, type.Group, type.Plural));

    public static StatusException NamespaceNotFound(string ns)
        => new(404, "NotFound", $"namespaces \"{ns}\" not found", Details(ns, string.Empty, "namespaces"));

    public static StatusException NoResource()
        => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static StatusException AlreadyExists(ApiResourceType type, string name)
        => new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", Details(name, type.Group, type.Plural));

    public static StatusException Conflict(ApiResourceType type, string name)
        => new(
            409,
            "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(name, type.Group, type.Plural));

    /// <summary>
    /// An update without <c>metadata.resourceVersion</c> of a kind that allows no unconditional update (a Lease). The
    /// real server names the resource, not the kind, here: <c>leases.coordination.k8s.io "x" is invalid: ...</c>.
    /// </summary>
    public static StatusException ResourceVersionRequired(ApiResourceType type, string name)
    {
        var error = FieldError.InvalidValue("metadata.resourceVersion", "0x0", "must be specified for an update");
        var details = Details(name, type.Group, type.Plural);
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Detail, ["field"] = error.Field });
        return new StatusException(422, "Invalid", $"{type.QualifiedResource} \"{name}\" is invalid: {error}", details);
    }

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException MethodNotAllowed()
        => new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static StatusException UnsupportedMediaType(string contentType)
        => new(
            415,
            "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {contentType})");

    public static StatusException Expired(string message) => new(410, "Expired", message);

    /// <summary>422 Invalid with one cause per field error, worded like apimachinery's field.Error.</summary>
    public static StatusException Invalid(ApiResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Detail, ["field"] = error.Field });
        }

        var details = Details(name, type.Group, type.Kind);
        details["causes"] = causes;
        var text = errors.Count == 1
            ? errors[0].ToString()
            : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        return new StatusException(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {text}", details);
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
