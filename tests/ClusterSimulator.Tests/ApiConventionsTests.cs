using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>
/// Request/response cases from the Kubernetes API conventions (status codes, reasons, messages), run against a cluster
/// holding namespace <c>ns1</c>, ConfigMap <c>ns1/existing</c> and Deployment <c>ns1/web</c>.
/// </summary>
public sealed class ApiConventionsTests
{
    public sealed record Case(string Name, string Method, string Path, string? Body, string ContentType, int Code, string? Reason, string? Message)
    {
        public override string ToString() => Name;
    }

    private const string Json = "application/json";

    public static TheoryData<Case> Cases() =>
    [
        new("get missing core object", "GET", "/api/v1/namespaces/ns1/configmaps/missing", null, Json, 404, "NotFound", "configmaps \"missing\" not found"),
        new("get missing grouped object", "GET", "/apis/apps/v1/namespaces/ns1/deployments/missing", null, Json, 404, "NotFound", "deployments.apps \"missing\" not found"),
        new("get existing object", "GET", "/api/v1/namespaces/ns1/configmaps/existing", null, Json, 200, null, null),
        new("unknown resource", "GET", "/api/v1/namespaces/ns1/widgets", null, Json, 404, "NotFound", "the server could not find the requested resource"),
        new("unknown group version", "GET", "/apis/example.com/v1", null, Json, 404, "NotFound", "the server could not find the requested resource"),
        new("create in missing namespace", "POST", "/api/v1/namespaces/nope/configmaps", """{"metadata":{"name":"a"}}""", Json, 404, "NotFound", "namespaces \"nope\" not found"),
        new("create existing", "POST", "/api/v1/namespaces/ns1/configmaps", """{"metadata":{"name":"existing"}}""", Json, 409, "AlreadyExists", "configmaps \"existing\" already exists"),
        new("create without name", "POST", "/api/v1/namespaces/ns1/configmaps", """{"metadata":{}}""", Json, 422, "Invalid", "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required"),
        new("create with bad name", "POST", "/api/v1/namespaces/ns1/configmaps", """{"metadata":{"name":"Bad_Name"}}""", Json, 422, "Invalid", "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"),
        new("negative replicas", "POST", "/apis/apps/v1/namespaces/ns1/deployments", """{"metadata":{"name":"neg"},"spec":{"replicas":-1,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""", Json, 422, "Invalid", "Deployment.apps \"neg\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        new("selector not matching template", "POST", "/apis/apps/v1/namespaces/ns1/deployments", """{"metadata":{"name":"sel"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"c"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""", Json, 422, "Invalid", "`selector` does not match template `labels`"),
        new("create generated name", "POST", "/api/v1/namespaces/ns1/configmaps", """{"metadata":{"generateName":"gen-"}}""", Json, 201, null, null),
        new("update with stale resourceVersion", "PUT", "/api/v1/namespaces/ns1/configmaps/existing", """{"metadata":{"name":"existing","resourceVersion":"1"}}""", Json, 409, "Conflict", "Operation cannot be fulfilled on configmaps \"existing\": the object has been modified; please apply your changes to the latest version and try again"),
        new("update name mismatch", "PUT", "/api/v1/namespaces/ns1/configmaps/existing", """{"metadata":{"name":"other"}}""", Json, 400, "BadRequest", "the name of the object (other) does not match the name on the URL (existing)"),
        new("update missing", "PUT", "/api/v1/namespaces/ns1/configmaps/missing", """{"metadata":{"name":"missing"}}""", Json, 404, "NotFound", "configmaps \"missing\" not found"),
        new("create namespace mismatch", "POST", "/api/v1/namespaces/ns1/configmaps", """{"metadata":{"name":"x","namespace":"other"}}""", Json, 400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"),
        new("post to an item", "POST", "/api/v1/namespaces/ns1/configmaps/existing", """{}""", Json, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
        new("patch with unknown content type", "PATCH", "/api/v1/namespaces/ns1/configmaps/existing", """{}""", "text/plain", 415, "UnsupportedMediaType", "the body of the request was in an unknown format"),
        new("apply without field manager", "PATCH", "/api/v1/namespaces/ns1/configmaps/existing", "metadata:\n  name: existing\n", "application/apply-patch+yaml", 422, "Invalid", "fieldManager: Required value: is required for apply patch"),
        new("apply name mismatch", "PATCH", "/api/v1/namespaces/ns1/configmaps/existing?fieldManager=t", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n", "application/apply-patch+yaml", 400, "BadRequest", "does not match the name on the URL"),
        new("json patch test failure", "PATCH", "/api/v1/namespaces/ns1/configmaps/existing", """[{"op":"test","path":"/data/key","value":"nope"}]""", "application/json-patch+json", 422, "Invalid", "testing value /data/key failed"),
        new("delete missing", "DELETE", "/apis/apps/v1/namespaces/ns1/deployments/missing", null, Json, 404, "NotFound", "deployments.apps \"missing\" not found"),
        new("delete existing", "DELETE", "/api/v1/namespaces/ns1/configmaps/existing", null, Json, 200, null, null),
        new("namespaced resource without namespace for an item", "GET", "/api/v1/configmaps/existing", null, Json, 404, "NotFound", "the server could not find the requested resource"),
        new("status subresource of a kind without status", "GET", "/api/v1/namespaces/ns1/configmaps/existing/status", null, Json, 404, "NotFound", "the server could not find the requested resource"),
        new("bad label selector", "GET", "/api/v1/namespaces/ns1/configmaps?labelSelector=a%20in%20b", null, Json, 400, "BadRequest", "unable to parse requirement"),
        new("bad continue token", "GET", "/api/v1/namespaces/ns1/configmaps?limit=1&continue=%25%25", null, Json, 400, "BadRequest", "continue key is not valid"),
        new("list across namespaces", "GET", "/api/v1/configmaps", null, Json, 200, null, null),
        new("cluster-scoped get", "GET", "/api/v1/namespaces/ns1", null, Json, 200, null, null),
        new("cluster-scoped with namespace", "GET", "/api/v1/namespaces/ns1/nodes", null, Json, 404, "NotFound", "the server could not find the requested resource"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Responds_like_the_API_server(Case c)
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await Fixtures.CreateNamespaceAsync(client, "ns1");
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/ns1/configmaps", Fixtures.ConfigMap("existing")));
        await ApiClient.MustAsync(client.ApplyAsync("/apis/apps/v1/namespaces/ns1/deployments/web", Fixtures.DeploymentYaml("web"), "setup"));

        var (code, body) = await client.SendAsync(new HttpMethod(c.Method), c.Path, c.Body, c.ContentType);

        Assert.True(c.Code == (int)code, $"{c.Name}: expected {c.Code}, got {(int)code}: {body.ToJsonString()}");
        if (c.Reason is not null)
        {
            Assert.Equal("Status", (string?)body["kind"]);
            Assert.Equal("v1", (string?)body["apiVersion"]);
            Assert.Equal("Failure", (string?)body["status"]);
            Assert.Equal(c.Code, (int?)body["code"]);
            Assert.Equal(c.Reason, (string?)body["reason"]);
            Assert.Contains(c.Message!, (string?)body["message"] ?? string.Empty, StringComparison.Ordinal);
        }
        else
        {
            Assert.False((string?)body["kind"] == "Status" && (string?)body["status"] == "Failure", body.ToJsonString());
        }
    }

    [Fact]
    public async Task Invalid_status_names_the_kind_and_lists_causes()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        var (_, body) = await client.ApplyAsync("/apis/apps/v1/namespaces/default/deployments/web", Fixtures.DeploymentYaml("web", replicas: -1), "t");

        var details = body["details"]!.AsObject();
        Assert.Equal("web", (string?)details["name"]);
        Assert.Equal("apps", (string?)details["group"]);
        Assert.Equal("Deployment", (string?)details["kind"]);
        var cause = details["causes"]!.AsArray().Single()!.AsObject();
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
        Assert.Equal("spec.replicas", (string?)cause["field"]);
        Assert.Equal("Invalid value: -1: must be greater than or equal to 0", (string?)cause["message"]);
    }

    [Fact]
    public async Task NotFound_details_carry_the_resource()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        var (_, body) = await client.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");

        Assert.Equal(JsonNode.Parse("""{"name":"web","group":"apps","kind":"deployments"}"""), body["details"], JsonNode.DeepEquals);
    }
}
