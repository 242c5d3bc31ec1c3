using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class CustomResourceScenarioTests
{
    private static string Definition(string scope) => $"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gateways.example.com
        spec:
          group: example.com
          scope: {scope}
          names:
            kind: Gateway
            plural: gateways
            singular: gateway
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    private const string Gateway = """
        apiVersion: example.com/v1
        kind: Gateway
        metadata:
          name: edge
        spec:
          port: 443
        """;

    [Fact]
    public async Task A_cluster_scoped_custom_resource_deployed_with_its_definition_gets_no_namespace()
    {
        var files = Repos.Standard();
        files["dev/deployable/gateway-crd.yaml"] = Definition("Cluster");
        files["dev/deployable/edge.yaml"] = Gateway;
        await using var s = await DeployerScenario.StartAsync(files);

        // 1. The kind is unknown to the server when the round starts; its definition in the same environment says
        //    it is cluster-scoped, so the object is applied without a namespace and the environment is Clean.
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
        var edge = await DeployerScenario.GetAsync(s.Sim, "/apis/example.com/v1/gateways/edge");
        Assert.NotNull(edge);
        Assert.Null((string?)edge["metadata"]!["namespace"]);
        Assert.Null(await DeployerScenario.GetAsync(s.Sim, "/apis/example.com/v1/namespaces/dev/gateways/edge"));
    }
}
