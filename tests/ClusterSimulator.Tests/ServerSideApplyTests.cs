using System.Net;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Server-side apply: creation, merging, ownership, conflicts, force, removal of dropped fields, dry run.</summary>
public sealed class ServerSideApplyTests
{
    private const string Path = "/apis/apps/v1/namespaces/default/deployments/web";

    [Fact]
    public async Task Apply_creates_then_updates_and_records_managed_fields()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        var (createdCode, created) = await client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer");
        var (updatedCode, updated) = await client.ApplyAsync(Path, Fixtures.DeploymentYaml("web", image: "nginx:2"), "deployer");

        Assert.Equal(HttpStatusCode.Created, createdCode);
        Assert.Equal(HttpStatusCode.OK, updatedCode);
        Assert.Equal(2, (int?)updated["metadata"]!["generation"]);
        var entry = updated["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "deployer")!;
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"main\"}"]!["f:image"]);
        Assert.Equal(created["metadata"]!["uid"]!.GetValue<string>(), (string?)updated["metadata"]!["uid"]);
    }

    [Fact]
    public async Task Reapplying_the_same_configuration_changes_nothing()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var first = await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer"));

        var second = await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer"));

        Assert.Equal((string?)first["metadata"]!["resourceVersion"], (string?)second["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Fields_the_manager_stops_applying_are_removed_but_others_fields_stay()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var cm = "/api/v1/namespaces/default/configmaps/settings";
        await ApiClient.MustAsync(client.ApplyAsync(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    a: '1'\ndata:\n  x: '1'\n  y: '2'\n", "deployer"));
        await ApiClient.MustAsync(client.ApplyAsync(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  z: '3'\n", "operator"));

        var result = await ApiClient.MustAsync(client.ApplyAsync(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  x: '1'\n", "deployer"));

        Assert.Equal(JsonNode.Parse("""{"x":"1","z":"3"}"""), result["data"], JsonNode.DeepEquals);
        Assert.Null(result["metadata"]!["labels"]?["a"]);
    }

    [Fact]
    public async Task Containers_merge_by_name_and_a_dropped_container_is_removed()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var twoContainers = Fixtures.DeploymentYaml("web") + "\n      - name: sidecar\n        image: envoy:1\n";
        await ApiClient.MustAsync(client.ApplyAsync(Path, twoContainers, "deployer"));

        var result = await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer"));

        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("main", (string?)containers.Single()!["name"]);
    }

    [Fact]
    public async Task A_field_owned_by_another_manager_conflicts_like_the_API_server()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer"));

        var (code, status) = await client.ApplyAsync(Path, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n", "autoscaler");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"deployer\": .spec.replicas", (string?)status["message"]);
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("FieldManagerConflict", (string?)cause["reason"]);
        Assert.Equal("conflict with \"deployer\"", (string?)cause["message"]);
        Assert.Equal(".spec.replicas", (string?)cause["field"]);
    }

    [Fact]
    public async Task A_conflict_with_an_update_manager_names_its_api_version()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer"));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, Path + "?fieldManager=kubectl-edit", """{"spec":{"replicas":4}}""", "application/merge-patch+json"));

        var (code, status) = await client.ApplyAsync(Path, Fixtures.DeploymentYaml("web", image: "nginx:2", replicas: 2), "deployer");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.StartsWith("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1 at ", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_value_is_shared_ownership_and_force_takes_ownership()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer"));
        await ApiClient.MustAsync(client.ApplyAsync(Path, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n", "observer"));

        var forced = await ApiClient.MustAsync(client.ApplyAsync(Path, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 6\n", "autoscaler", force: true));

        Assert.Equal(6, (int?)forced["spec"]!["replicas"]);
        var entries = forced["metadata"]!["managedFields"]!.AsArray();
        Assert.Null(entries.Single(e => (string?)e!["manager"] == "deployer")!["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(entries.Single(e => (string?)e!["manager"] == "autoscaler")!["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.DoesNotContain(entries, e => (string?)e!["manager"] == "observer");
    }

    [Fact]
    public async Task Dry_run_validates_and_returns_the_result_without_storing_it()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var before = simulator.ResourceVersion;

        var preview = await ApiClient.MustAsync(client.ApplyAsync(Path, Fixtures.DeploymentYaml("web"), "deployer", dryRun: true));
        var (invalidCode, _) = await client.ApplyAsync(Path, Fixtures.DeploymentYaml("web", replicas: -3), "deployer", dryRun: true);

        Assert.Equal(2, (int?)preview["spec"]!["replicas"]);
        Assert.Equal((HttpStatusCode)422, invalidCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Path)).Code);
        Assert.Equal(before, simulator.ResourceVersion);
    }

    [Fact]
    public async Task Apply_accepts_json_bodies_and_into_a_missing_namespace_is_not_found()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        var (code, _) = await client.ApplyAsync("/api/v1/namespaces/default/configmaps/j", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"},"data":{"a":"1"}}""", "t");
        var (missingCode, missing) = await client.ApplyAsync("/api/v1/namespaces/nope/configmaps/j", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: j\n", "t");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(HttpStatusCode.NotFound, missingCode);
        Assert.Equal("namespaces \"nope\" not found", (string?)missing["message"]);
    }
}
