using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Api;

/// <summary>
/// A minimal OpenAPI v3 surface: the index and, per group-version, paths whose PATCH operations carry the GVK extension
/// and the <c>fieldValidation</c>/<c>dryRun</c>/<c>fieldManager</c>/<c>force</c> parameters, which is what kubectl checks
/// before it sends server-side field validation. Schemas are open (no structural validation).
/// </summary>
internal static class OpenApi
{
    public static JsonObject Index(IReadOnlyList<ApiResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}";
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(types, gv.Group, gv.Version)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(IReadOnlyList<ApiResourceType> types, string group, string version)
    {
        var matching = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in matching)
        {
            var gvk = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
            var itemPath = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{prefix}/{type.Plural}/{{name}}";
            paths[itemPath] = new JsonObject
            {
                ["get"] = Operation("read", type, gvk, []),
                ["put"] = Operation("replace", type, gvk, ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation("patch", type, gvk, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation("delete", type, gvk, ["dryRun", "propagationPolicy"]),
            };
            var listPath = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
            paths[listPath] = new JsonObject
            {
                ["get"] = Operation("list", type, gvk, ["labelSelector", "fieldSelector", "limit", "continue", "watch", "resourceVersion"]),
                ["post"] = Operation("create", type, gvk, ["dryRun", "fieldManager", "fieldValidation"]),
            };
            var schemaName = $"io.k8s.simulated.{(type.Group.Length == 0 ? "core" : type.Group)}.{type.Version}.{type.Kind}";
            schemas[schemaName] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone()),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(string verb, ApiResourceType type, JsonObject gvk, string[] queryParameters)
    {
        var parameters = new JsonArray();
        foreach (var name in queryParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "query",
                ["description"] = $"the {name} option of the request",
                ["schema"] = new JsonObject { ["type"] = name is "force" or "watch" ? "boolean" : "string", ["uniqueItems"] = true },
            });
        }

        return new JsonObject
        {
            ["operationId"] = $"{verb}{type.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = verb,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }

    private static string Hash(IReadOnlyList<ApiResourceType> types, string group, string version)
    {
        var text = string.Join(',', types.Where(t => t.Group == group && t.Version == version).Select(t => t.Kind));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }
}
