using System.Text.Json.Nodes;
using Dm.Deployer.Cli;

namespace Dm.Deployer.Tests.Cli;

public sealed class ManifestYamlTests
{
    [Fact]
    public void Keys_are_sorted_lists_sit_under_their_key_and_only_ambiguous_strings_are_quoted()
    {
        var obj = JsonNode.Parse("""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"version":"1.0","enabled":"true","plain":"hello"}},
             "spec":{"replicas":2,"paused":false,"ratio":0.5,"containers":[{"name":"web","args":["--port","8080"]}]}}
            """)!.AsObject();

        var yaml = ManifestYaml.Format(obj);

        Assert.Equal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                enabled: "true"
                plain: hello
                version: "1.0"
              name: web
            spec:
              containers:
              - args:
                - --port
                - "8080"
                name: web
              paused: false
              ratio: 0.5
              replicas: 2

            """.ReplaceLineEndings("\n"),
            yaml.ReplaceLineEndings("\n"));
    }
}
