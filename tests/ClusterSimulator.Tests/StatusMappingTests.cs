using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Api;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Tests;

/// <summary>The store's refusals as the API answers them: code, reason, message and details of the Kubernetes <c>Status</c>.</summary>
public sealed class StatusMappingTests
{
    private static readonly ResourceCatalog Catalog = new();

    private static ApiResourceType Deployments => Catalog.Find("apps", "v1", "deployments")!;

    private static ApiResourceType Leases => Catalog.Find("coordination.k8s.io", "v1", "leases")!;

    public static TheoryData<string, int, string, string, string?> Cases() => new()
    {
        { "not-found", 404, "NotFound", "deployments.apps \"web\" not found", """{"name":"web","group":"apps","kind":"deployments"}""" },
        { "namespace-not-found", 404, "NotFound", "namespaces \"nope\" not found", """{"name":"nope","kind":"namespaces"}""" },
        { "exists", 409, "AlreadyExists", "deployments.apps \"web\" already exists", """{"name":"web","group":"apps","kind":"deployments"}""" },
        { "version-conflict", 409, "Conflict", "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again", """{"name":"web","group":"apps","kind":"deployments"}""" },
        { "uid-precondition", 409, "Conflict", "Operation cannot be fulfilled on deployments.apps \"web\": Precondition failed: UID in precondition: a, UID in object meta: b", null },
        { "field-conflict", 409, "Conflict", "Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas", """{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\" using apps/v1","field":".spec.replicas"}]}""" },
        { "invalid", 422, "Invalid", "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", """{"name":"web","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]}""" },
        { "resource-version-required", 422, "Invalid", "leases.coordination.k8s.io \"lock\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", """{"name":"lock","group":"coordination.k8s.io","kind":"leases","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: 0x0: must be specified for an update","field":"metadata.resourceVersion"}]}""" },
        { "invalid-patch", 422, "Invalid", "the server rejected our request due to an error in our request: doc is missing path: \"/data/x\"", null },
        { "malformed", 400, "BadRequest", "continue key is not valid: illegal base64 data", null },
        { "expired", 410, "Expired", "too old resource version: 3 (8)", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Maps_each_refusal_to_the_status_a_real_server_answers(string refusal, int code, string reason, string message, string? details)
    {
        StoreException e = refusal switch
        {
            "not-found" => ObjectNotFoundException.Of(Deployments, "web"),
            "namespace-not-found" => ObjectNotFoundException.Namespace("nope"),
            "exists" => new ObjectExistsException(Deployments, "web"),
            "version-conflict" => new VersionConflictException(Deployments, "web"),
            "uid-precondition" => new UidPreconditionException(Deployments, "web", "a", "b"),
            "field-conflict" => new FieldConflictException([new FieldConflict(".spec.replicas", "\"kubectl\" using apps/v1")]),
            "invalid" => new InvalidObjectException(Deployments, "web", [FieldError.InvalidValue("spec.replicas", "-1", "must be greater than or equal to 0")]),
            "resource-version-required" => new ResourceVersionRequiredException(Leases, "lock"),
            "invalid-patch" => new InvalidPatchException("doc is missing path: \"/data/x\""),
            "malformed" => new MalformedRequestException("continue key is not valid: illegal base64 data"),
            _ => new ResourceVersionExpiredException(3, 8),
        };

        var status = StatusObjects.From(e).ToStatus();

        Assert.Equal(code, (int)status["code"]!);
        Assert.Equal(reason, (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
        Assert.True(JsonNode.DeepEquals(details is null ? null : JsonNode.Parse(details), status["details"]), status["details"]?.ToJsonString());
    }

    [Fact]
    public void Several_field_conflicts_are_listed_by_owner()
    {
        var e = new FieldConflictException(
        [
            new FieldConflict(".spec.replicas", "\"b\" using apps/v1"),
            new FieldConflict(".metadata.labels.app", "\"a\" using apps/v1"),
            new FieldConflict(".spec.paused", "\"b\" using apps/v1"),
        ]);

        var status = StatusObjects.From(e).ToStatus();

        Assert.Equal(
            "Apply failed with 3 conflicts: conflicts with \"a\" using apps/v1:\n- .metadata.labels.app\nconflicts with \"b\" using apps/v1:\n- .spec.replicas\n- .spec.paused",
            (string?)status["message"]);
        Assert.Equal(3, status["details"]!["causes"]!.AsArray().Count);
    }
}
