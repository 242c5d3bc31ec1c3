using System.Text.Json.Nodes;
using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class ClientOperationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Apply_creates_the_object_and_get_returns_it()
    {
        await using var sim = await SimulatorScope.StartAsync();

        var applied = await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "settings", "a"), new ApplyOptions("dm-deployer"), None);
        var live = await sim.Client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "settings"), None);

        Assert.False(string.IsNullOrEmpty((string?)applied["metadata"]?["uid"]));
        Assert.NotNull(live);
        Assert.Equal("a", (string?)live["data"]?["value"]);
        Assert.Equal((string?)applied["metadata"]?["uid"], (string?)live["metadata"]?["uid"]);
        var write = Assert.Single(sim.Simulator.RequestLog, e => e.IsWrite && e.Path.EndsWith("/configmaps/settings", StringComparison.Ordinal));
        Assert.Equal("PATCH", write.Method);
        Assert.Equal("dm-deployer", write.FieldManager);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_null()
    {
        await using var sim = await SimulatorScope.StartAsync();

        Assert.Null(await sim.Client.GetAsync(new ResourceKey("apps", "Deployment", sim.Namespace, "nope"), None));
    }

    [Fact]
    public async Task A_manifest_without_namespace_goes_to_the_context_namespace()
    {
        await using var sim = await SimulatorScope.StartAsync();
        var manifest = Manifests.ConfigMap(sim.Namespace, "no-ns");
        ((JsonObject)manifest["metadata"]!).Remove("namespace");

        var applied = await sim.Client.ApplyAsync(manifest, new ApplyOptions("test"), None);

        Assert.Equal(sim.Namespace, (string?)applied["metadata"]?["namespace"]);
    }

    [Fact]
    public async Task Dry_run_apply_returns_the_object_but_stores_nothing()
    {
        await using var sim = await SimulatorScope.StartAsync();

        var result = await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "dry"), new ApplyOptions("test", DryRun: true), None);

        Assert.Equal("dry", (string?)result["metadata"]?["name"]);
        Assert.Null(await sim.Client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "dry"), None));
        Assert.Contains(sim.Simulator.RequestLog, e => e.Method == "PATCH" && e.IsDryRun);
    }

    [Fact]
    public async Task Apply_by_a_second_manager_conflicts_unless_forced()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "shared", "mine"), new ApplyOptions("dm-deployer"), None);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "shared", "theirs"), new ApplyOptions("kubectl"), None));
        var forced = await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "shared", "theirs"), new ApplyOptions("kubectl", Force: true), None);

        Assert.Equal(409, error.Code);
        Assert.Equal("Conflict", error.Reason);
        Assert.StartsWith($"ConfigMap {sim.Namespace}/shared: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("dm-deployer", error.Message, StringComparison.Ordinal);
        Assert.Equal("theirs", (string?)forced["data"]?["value"]);
    }

    [Fact]
    public async Task An_invalid_manifest_reads_as_object_field_and_reason()
    {
        await using var sim = await SimulatorScope.StartAsync();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            sim.Client.ApplyAsync(Manifests.Deployment(sim.Namespace, "web", replicas: -1), new ApplyOptions("test"), None));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal($"Deployment.apps {sim.Namespace}/web: spec.replicas: Invalid value: -1: must be greater than or equal to 0 (422 Invalid)", error.Message);
        var cause = Assert.Single(error.Status.Causes);
        Assert.Equal("spec.replicas", cause.Field);
    }

    [Fact]
    public async Task Applying_into_a_missing_namespace_reads_as_a_404_naming_the_object()
    {
        await using var sim = await SimulatorScope.StartAsync();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            sim.Client.ApplyAsync(Manifests.ConfigMap("no-such-ns", "x"), new ApplyOptions("test"), None));

        Assert.True(error.IsNotFound);
        Assert.Equal("ConfigMap no-such-ns/x: namespaces \"no-such-ns\" not found (404 NotFound)", error.Message);
    }

    [Fact]
    public async Task List_follows_continue_pages_and_filters_by_label()
    {
        await using var sim = await SimulatorScope.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            var labels = new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "even" : "odd" };
            await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, $"cm-{i}", labels: labels), new ApplyOptions("test"), None);
        }

        var all = await sim.Client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace, PageSize: 2), None);
        var even = await sim.Client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap", sim.Namespace, LabelSelector: "tier=even"), None);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), all.Items.Select(i => (string?)i["metadata"]?["name"]).Order());
        Assert.All(all.Items, i => Assert.Equal("ConfigMap", (string?)i["kind"]));
        Assert.All(all.Items, i => Assert.Equal("v1", (string?)i["apiVersion"]));
        Assert.False(string.IsNullOrEmpty(all.ResourceVersion));
        Assert.Equal(["cm-0", "cm-2", "cm-4", "cm-6"], even.Items.Select(i => (string?)i["metadata"]?["name"]).Order());
        var pages = sim.Simulator.RequestLog.Where(e => e.Method == "GET" && e.Path == $"/api/v1/namespaces/{sim.Namespace}/configmaps" && e.Query.Contains("limit=2", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pages.Count);
        Assert.Equal(3, pages.Count(p => p.Query.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_across_all_namespaces_and_with_a_field_selector()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.Namespace(sim.Namespace + "-b"), new ApplyOptions("test"), None);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "one"), new ApplyOptions("test"), None);
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace + "-b", "two"), new ApplyOptions("test"), None);

        var everywhere = await sim.Client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap"), None);
        var named = await sim.Client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap", FieldSelector: "metadata.name=two"), None);

        Assert.Contains(everywhere.Items, i => (string?)i["metadata"]?["name"] == "one");
        Assert.Contains(everywhere.Items, i => (string?)i["metadata"]?["name"] == "two");
        Assert.Equal(sim.Namespace + "-b", (string?)Assert.Single(named.Items)["metadata"]?["namespace"]);
    }

    [Fact]
    public async Task Delete_reports_deleted_then_not_found_and_sends_the_propagation_policy()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.ConfigMap(sim.Namespace, "gone"), new ApplyOptions("test"), None);
        var key = new ResourceKey(string.Empty, "ConfigMap", sim.Namespace, "gone");

        Assert.Equal(DeleteOutcome.Deleted, await sim.Client.DeleteAsync(key, PropagationPolicy.Foreground, None));
        Assert.Null(await sim.Client.GetAsync(key, None));
        Assert.Equal(DeleteOutcome.NotFound, await sim.Client.DeleteAsync(key, PropagationPolicy.Background, None));
        Assert.Contains(sim.Simulator.RequestLog, e => e.Method == "DELETE" && e.Query.Contains("propagationPolicy=Foreground", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_scoped_kinds_are_addressed_without_a_namespace()
    {
        await using var sim = await SimulatorScope.StartAsync();

        var ns = await sim.Client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, sim.Namespace), None);

        Assert.NotNull(ns);
        Assert.Contains(sim.Simulator.RequestLog, e => e.Method == "GET" && e.Path == $"/api/v1/namespaces/{sim.Namespace}");
    }

    [Fact]
    public async Task Apply_status_writes_the_status_subresource()
    {
        await using var sim = await SimulatorScope.StartAsync();
        await sim.Client.ApplyAsync(Manifests.Deployment(sim.Namespace, "web", 1), new ApplyOptions("test"), None);
        var status = (JsonObject)JsonNode.Parse($$"""
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web", "namespace": "{{sim.Namespace}}" },
              "status": { "observedGeneration": 1, "replicas": 1, "readyReplicas": 1 } }
            """)!;

        await sim.Client.ApplyStatusAsync(status, new ApplyOptions("status-writer", Force: true), None);
        var live = await sim.Client.GetAsync(new ResourceKey("apps", "Deployment", sim.Namespace, "web"), None);

        Assert.Equal(1, (int?)live?["status"]?["readyReplicas"]);
        Assert.Contains(sim.Simulator.RequestLog, e => e.Method == "PATCH" && e.Path.EndsWith("/deployments/web/status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discovery_finds_a_kind_whose_CRD_was_created_a_moment_ago()
    {
        await using var sim = await SimulatorScope.StartAsync();
        var unknown = await Assert.ThrowsAsync<UnknownResourceTypeException>(() =>
            sim.Client.GetAsync(new ResourceKey("example.com", "Widget", sim.Namespace, "w"), None));

        await sim.Client.ApplyAsync(Manifests.WidgetDefinition(), new ApplyOptions("test"), None);
        var widget = (JsonObject)JsonNode.Parse($$"""{ "apiVersion": "example.com/v1", "kind": "Widget", "metadata": { "name": "w", "namespace": "{{sim.Namespace}}" }, "spec": { "size": 3 } }""")!;
        var applied = await sim.Client.ApplyAsync(widget, new ApplyOptions("test"), None);
        var resource = await sim.Client.ResolveAsync("example.com", "Widget", null, None);

        Assert.Equal("the cluster has no resource type for kind Widget in example.com (versions of example.com: none (the group is not served))", unknown.Message);
        Assert.Equal(3, (int?)applied["spec"]?["size"]);
        Assert.Equal(new ApiResource("example.com", "v1", "Widget", "widgets", true, resource.Verbs), resource);
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_discovery()
    {
        await using var sim = await SimulatorScope.StartAsync();
        using var fresh = new KubernetesRestClient(sim.Client.Endpoint);
        sim.Simulator.RequestLog.Clear();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => fresh.GetAsync(new ResourceKey("apps", "Deployment", sim.Namespace, $"d{i}"), None)));

        Assert.Equal(1, sim.Simulator.RequestLog.Count(e => e.Path == "/apis"));
        Assert.Equal(1, sim.Simulator.RequestLog.Count(e => e.Path == "/apis/apps/v1"));
    }
}
