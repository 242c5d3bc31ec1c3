using System.Text.Json.Nodes;

namespace Dm.Kubernetes.Tests;

public static class Manifests
{
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject ConfigMap(string @namespace, string name, string value = "1", IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = @namespace };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["value"] = value },
        };
    }

    public static JsonObject Deployment(string @namespace, string name, int replicas, string image = "nginx:1.27") => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "{{name}}", "namespace": "{{@namespace}}" },
          "spec": {
            "replicas": {{replicas}},
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { "containers": [ { "name": "main", "image": "{{image}}" } ] }
            }
          }
        }
        """)!;

    public static JsonObject WidgetDefinition() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "widgets.example.com" },
          "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList" },
            "versions": [ { "name": "v1", "served": true, "storage": true,
              "schema": { "openAPIV3Schema": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } } } ]
          }
        }
        """)!;
}
