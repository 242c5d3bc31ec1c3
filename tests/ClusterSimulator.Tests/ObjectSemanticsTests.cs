using System.Net;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Object lifecycle semantics: identity, resourceVersion, generation, status subresource, patches, selectors, paging, deletion.</summary>
public sealed class ObjectSemanticsTests
{
    [Fact]
    public async Task Create_assigns_identity_and_a_monotonic_resource_version()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        var first = await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("a")));
        var second = await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("b")));

        Assert.True(Guid.TryParse((string?)first["metadata"]!["uid"], out _));
        Assert.NotNull((string?)first["metadata"]!["creationTimestamp"]);
        Assert.Null(first["metadata"]!["generation"]);
        Assert.True(long.Parse((string)second["metadata"]!["resourceVersion"]!) > long.Parse((string)first["metadata"]!["resourceVersion"]!));
        Assert.Equal("default", (string?)first["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Generation_moves_only_with_spec_changes()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web"), "t"));

        var labelled = await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, path, """{"metadata":{"labels":{"extra":"x"}}}""", "application/merge-patch+json"));
        Assert.Equal(1, (int?)labelled["metadata"]!["generation"]);

        var scaled = await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, path, """{"spec":{"replicas":5}}""", "application/merge-patch+json"));
        Assert.Equal(2, (int?)scaled["metadata"]!["generation"]);

        var status = await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, path + "/status", """{"status":{"replicas":5},"spec":{"replicas":9}}""", "application/merge-patch+json"));
        Assert.Equal(2, (int?)status["metadata"]!["generation"]);
        Assert.Equal(5, (int?)status["status"]!["replicas"]);
        Assert.Equal(5, (int?)status["spec"]!["replicas"]);
    }

    [Fact]
    public async Task Workloads_get_the_pod_template_defaults_clients_rely_on()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        var deployment = await ApiClient.MustAsync(client.ApplyAsync("/apis/apps/v1/namespaces/default/deployments/web", Fixtures.DeploymentYaml("web"), "t"));
        var service = await ApiClient.MustAsync(client.ApplyAsync("/api/v1/namespaces/default/services/web", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n", "t"));

        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("TCP", (string?)container["ports"]![0]!["protocol"]);
        Assert.Equal("IfNotPresent", (string?)container["imagePullPolicy"]);
        Assert.Equal(600, (int?)deployment["spec"]!["progressDeadlineSeconds"]);
        Assert.Equal("RollingUpdate", (string?)deployment["spec"]!["strategy"]!["type"]);
        Assert.Equal("ClusterIP", (string?)service["spec"]!["type"]);
        Assert.Equal(80, (int?)service["spec"]!["ports"]![0]!["targetPort"]);
        Assert.DoesNotContain("f:imagePullPolicy", deployment["metadata"]!["managedFields"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_resource_updates_cannot_change_status()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web"), "t"));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, path + "/status", """{"status":{"replicas":2}}""", "application/merge-patch+json"));
        var live = await ApiClient.MustAsync(client.GetAsync(path));
        live["status"] = new JsonObject { ["replicas"] = 99 };
        live["spec"]!["replicas"] = 3;

        var updated = await ApiClient.MustAsync(client.PutAsync(path, live));

        Assert.Equal(2, (int?)updated["status"]!["replicas"]);
        Assert.Equal(3, (int?)updated["spec"]!["replicas"]);
    }

    [Fact]
    public async Task Patches_merge_strategically_by_key_and_json_patch_applies_operations()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web"), "t"));

        var strategic = await ApiClient.MustAsync(client.SendAsync(
            HttpMethod.Patch,
            path,
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1"},{"name":"main","image":"nginx:2"}]}}}}""",
            "application/strategic-merge-patch+json"));
        var containers = strategic["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("nginx:2", (string?)containers.Single(c => (string?)c!["name"] == "main")!["image"]);
        Assert.NotNull(containers.Single(c => (string?)c!["name"] == "main")!["ports"]);

        var deleted = await ApiClient.MustAsync(client.SendAsync(
            HttpMethod.Patch,
            path,
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""",
            "application/strategic-merge-patch+json"));
        Assert.Single(deleted["spec"]!["template"]!["spec"]!["containers"]!.AsArray());

        var merge = await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, path, """{"metadata":{"labels":{"app":null,"tier":"web"}}}""", "application/merge-patch+json"));
        Assert.Equal(JsonNode.Parse("""{"tier":"web"}"""), merge["metadata"]!["labels"], JsonNode.DeepEquals);

        var json = await ApiClient.MustAsync(client.SendAsync(
            HttpMethod.Patch,
            path,
            """[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/annotations","value":{"a":"b"}},{"op":"remove","path":"/metadata/labels/tier"}]""",
            "application/json-patch+json"));
        Assert.Equal(4, (int?)json["spec"]!["replicas"]);
        Assert.Equal("b", (string?)json["metadata"]!["annotations"]!["a"]);
        Assert.Null(json["metadata"]!["labels"]!["tier"]);
    }

    [Theory]
    [InlineData("tier=web", "a,b")]
    [InlineData("tier==web", "a,b")]
    [InlineData("tier!=web", "c,d")]
    [InlineData("tier in (web,db)", "a,b,c")]
    [InlineData("tier notin (web)", "c,d")]
    [InlineData("tier", "a,b,c")]
    [InlineData("!tier", "d")]
    [InlineData("tier=web,env=prod", "a")]
    public async Task Label_selectors_filter_lists(string selector, string expected)
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await Fixtures.CreateNamespaceAsync(client, "sel");
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/sel/configmaps", Fixtures.ConfigMap("a", new Dictionary<string, string> { ["tier"] = "web", ["env"] = "prod" })));
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/sel/configmaps", Fixtures.ConfigMap("b", new Dictionary<string, string> { ["tier"] = "web" })));
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/sel/configmaps", Fixtures.ConfigMap("c", new Dictionary<string, string> { ["tier"] = "db" })));
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/sel/configmaps", Fixtures.ConfigMap("d")));

        var list = await ApiClient.MustAsync(client.GetAsync($"/api/v1/namespaces/sel/configmaps?labelSelector={Uri.EscapeDataString(selector)}"));

        Assert.Equal("ConfigMapList", (string?)list["kind"]);
        Assert.Equal(expected, string.Join(',', list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"])));
    }

    [Fact]
    public async Task Field_selectors_filter_by_name_and_namespace()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await Fixtures.CreateNamespaceAsync(client, "f1");
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/f1/configmaps", Fixtures.ConfigMap("a")));
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("a")));
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("b")));

        var byName = await ApiClient.MustAsync(client.GetAsync("/api/v1/configmaps?fieldSelector=metadata.name%3Da"));
        var byNamespace = await ApiClient.MustAsync(client.GetAsync("/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddefault,metadata.name!%3Da"));

        Assert.Equal(2, byName["items"]!.AsArray().Count);
        Assert.Equal("b", (string?)byNamespace["items"]!.AsArray().Single()!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Lists_page_with_limit_and_continue()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await Fixtures.CreateNamespaceAsync(client, "page");
        for (var i = 0; i < 5; i++)
        {
            await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/page/configmaps", Fixtures.ConfigMap($"cm-{i}")));
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ApiClient.MustAsync(client.GetAsync($"/api/v1/namespaces/page/configmaps?limit=2{(token is null ? string.Empty : "&continue=" + Uri.EscapeDataString(token))}"));
            names.AddRange(page["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
            token = (string?)page["metadata"]!["continue"];
            if (token is not null)
            {
                Assert.Equal(5 - names.Count, (int?)page["metadata"]!["remainingItemCount"]);
            }

            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"], names);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_objects()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await Fixtures.CreateNamespaceAsync(client, "gone");
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/gone/configmaps", Fixtures.ConfigMap("a")));

        var (code, status) = await client.DeleteAsync("/api/v1/namespaces/gone");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Success", (string?)status["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/namespaces/gone/configmaps/a")).Code);
        Assert.Empty((await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/gone/configmaps")))["items"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_deployment_deletes_its_replica_sets_and_pods_unless_orphaned()
    {
        await using var simulator = await Fixtures.StartAsync();
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.ApplyAsync("/apis/apps/v1/namespaces/default/deployments/web", Fixtures.DeploymentYaml("web"), "t"));
        await ApiClient.MustAsync(client.ApplyAsync("/apis/apps/v1/namespaces/default/deployments/keep", Fixtures.DeploymentYaml("keep"), "t"));
        await Eventually.HoldsAsync(async () => (await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods")))["items"]!.AsArray().Count == 4, "pods exist");

        await ApiClient.MustAsync(client.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web"));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/default/deployments/keep", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"}"""));

        var replicaSets = await ApiClient.MustAsync(client.GetAsync("/apis/apps/v1/namespaces/default/replicasets"));
        Assert.Equal("keep", (string?)replicaSets["items"]!.AsArray().Single()!["metadata"]!["labels"]!["app"]);
        var pods = await ApiClient.MustAsync(client.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb"));
        Assert.Empty(pods["items"]!.AsArray());
    }

    [Fact]
    public async Task A_created_CRD_is_discoverable_and_servable_at_once()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names:
                plural: widgets
                singular: widget
                kind: Widget
                shortNames: [wd]
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
            """;
        await ApiClient.MustAsync(client.ApplyAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", crd, "t"));

        var groups = await ApiClient.MustAsync(client.GetAsync("/apis"));
        Assert.Contains(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "example.com");
        var resources = await ApiClient.MustAsync(client.GetAsync("/apis/example.com/v1"));
        var widget = resources["resources"]!.AsArray().Single(r => (string?)r!["name"] == "widgets")!;
        Assert.Equal("Widget", (string?)widget["kind"]);
        Assert.True((bool?)widget["namespaced"]);
        Assert.Equal("wd", (string?)widget["shortNames"]![0]);

        var created = await ApiClient.MustAsync(client.ApplyAsync("/apis/example.com/v1/namespaces/default/widgets/w1", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n", "t"));
        Assert.Equal(3, (int?)created["spec"]!["size"]);
        var crdObject = await ApiClient.MustAsync(client.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com"));
        Assert.Equal("True", Fixtures.Condition(crdObject, "Established", "status"));

        await ApiClient.MustAsync(client.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/apis/example.com/v1/namespaces/default/widgets/w1")).Code);
    }

    [Fact]
    public async Task Scale_subresource_reads_and_sets_replicas()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var path = "/apis/apps/v1/namespaces/default/deployments/web";
        await ApiClient.MustAsync(client.ApplyAsync(path, Fixtures.DeploymentYaml("web"), "t"));

        var scale = await ApiClient.MustAsync(client.GetAsync(path + "/scale"));
        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Equal(2, (int?)scale["spec"]!["replicas"]);
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, path + "/scale", """{"spec":{"replicas":7}}""", "application/merge-patch+json"));

        Assert.Equal(7, (int?)(await ApiClient.MustAsync(client.GetAsync(path)))["spec"]!["replicas"]);
    }
}
