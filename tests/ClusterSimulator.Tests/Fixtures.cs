using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Manifests and waiting helpers shared by the tests.</summary>
public static class Fixtures
{
    public static Task<ClusterSimulator> StartAsync(SimulatorOptions? options = null)
        => ClusterSimulator.StartAsync(options ?? new SimulatorOptions { RolloutSpeed = 20, RunControllers = true }, CancellationToken.None);

    public static JsonObject Namespace(string name) => new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    public static JsonObject ConfigMap(string name, IDictionary<string, string>? labels = null, string value = "v") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = labels is null ? null : new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value)))]),
        },
        ["data"] = new JsonObject { ["key"] = value },
    };

    public static string DeploymentYaml(string name, string image = "nginx:1.27", int replicas = 2, int progressDeadlineSeconds = 600) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          labels:
            app: {name}
        spec:
          replicas: {replicas}
          progressDeadlineSeconds: {progressDeadlineSeconds}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: main
                image: {image}
                ports:
                - containerPort: 80
        """;

    public static async Task<JsonObject> CreateNamespaceAsync(ApiClient client, string name)
        => await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces", Namespace(name)));

    public static string? Condition(JsonObject obj, string type, string field = "reason")
        => (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type)?[field]?.GetValue<string>();
}
