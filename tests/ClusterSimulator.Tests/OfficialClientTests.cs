using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Dm.ClusterSimulator.Tests;

/// <summary>
/// The official C# client's typed calls against the simulator: what it sends must get what a real API server answers
/// (server-side apply, conflicts, validation, dry run, custom resources, watch).
/// </summary>
public sealed class OfficialClientTests
{
    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    private static V1Patch Apply(object body) => new(body, V1Patch.PatchType.ApplyPatch);

    /// <summary>The Status a failed call carried (the official client keeps the body as text).</summary>
    private static V1Status StatusOf(HttpOperationException error) => KubernetesJson.Deserialize<V1Status>(error.Response.Content);

    [Fact]
    public async Task Server_side_apply_with_a_field_manager_creates_then_updates_and_records_the_manager()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var core = scope.Client.CoreV1;

        var created = await core.PatchNamespacedConfigMapAsync(Apply(ConfigMap("settings", "1")), "settings", scope.Namespace, fieldManager: "dm-deployer", force: true);
        var updated = await core.PatchNamespacedConfigMapAsync(Apply(ConfigMap("settings", "2")), "settings", scope.Namespace, fieldManager: "dm-deployer", force: true);

        Assert.Equal("1", created.Data["key"]);
        Assert.Equal("2", updated.Data["key"]);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        var entry = Assert.Single(updated.Metadata.ManagedFields);
        Assert.Equal(("dm-deployer", "Apply", "FieldsV1"), (entry.Manager, entry.Operation, entry.FieldsType));
        Assert.Equal("2", (await core.ReadNamespacedConfigMapAsync("settings", scope.Namespace)).Data["key"]);
    }

    [Fact]
    public async Task A_conflicting_apply_is_a_409_naming_the_other_manager_and_force_takes_the_field()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var core = scope.Client.CoreV1;
        await core.PatchNamespacedConfigMapAsync(Apply(ConfigMap("settings", "1")), "settings", scope.Namespace, fieldManager: "operator");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => core.PatchNamespacedConfigMapAsync(Apply(ConfigMap("settings", "2")), "settings", scope.Namespace, fieldManager: "dm-deployer"));
        var forced = await core.PatchNamespacedConfigMapAsync(Apply(ConfigMap("settings", "2")), "settings", scope.Namespace, fieldManager: "dm-deployer", force: true);

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = StatusOf(error);
        Assert.Equal(("Failure", "Conflict", 409), (status.Status, status.Reason, status.Code));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"operator\": .data.key", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldManagerConflict", "conflict with \"operator\"", ".data.key"), (cause.Reason, cause.Message, cause.Field));
        Assert.Equal("2", forced.Data["key"]);
        Assert.Equal("dm-deployer", Assert.Single(forced.Metadata.ManagedFields, e => e.Operation == "Apply").Manager);
    }

    [Fact]
    public async Task An_invalid_object_is_a_422_naming_the_field()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = -1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1.27" }] },
                },
            },
        };

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => scope.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, scope.Namespace));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var status = StatusOf(error);
        Assert.Equal(("Invalid", 422, "Deployment"), (status.Reason, status.Code, status.Details.Kind));
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", status.Message);
        Assert.Equal("spec.replicas", Assert.Single(status.Details.Causes).Field);
    }

    [Fact]
    public async Task A_dry_run_answers_the_object_and_stores_nothing()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var core = scope.Client.CoreV1;

        var applied = await core.PatchNamespacedConfigMapAsync(Apply(ConfigMap("dry", "1")), "dry", scope.Namespace, fieldManager: "dm-deployer", dryRun: "All");
        var created = await core.CreateNamespacedConfigMapAsync(ConfigMap("dry-too", "1"), scope.Namespace, dryRun: "All");

        Assert.Equal(("dry", "1"), (applied.Metadata.Name, applied.Data["key"]));
        Assert.Equal("dry-too", created.Metadata.Name);
        var list = await core.ListNamespacedConfigMapAsync(scope.Namespace);
        Assert.DoesNotContain(list.Items, c => c.Metadata.Name is "dry" or "dry-too");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => core.ReadNamespacedConfigMapAsync("dry", scope.Namespace));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Custom_resources_are_served_once_their_CRD_is_created()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        };
        await scope.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        var widget = new Dictionary<string, object>
        {
            ["apiVersion"] = "example.com/v1",
            ["kind"] = "Widget",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "w1" },
            ["spec"] = new Dictionary<string, object> { ["size"] = 3 },
        };

        await scope.Client.CustomObjects.PatchNamespacedCustomObjectAsync(Apply(widget), "example.com", "v1", scope.Namespace, "widgets", "w1", fieldManager: "dm-deployer");
        var read = (JsonElement)await scope.Client.CustomObjects.GetNamespacedCustomObjectAsync("example.com", "v1", scope.Namespace, "widgets", "w1");
        var listed = (JsonElement)await scope.Client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", scope.Namespace, "widgets");

        Assert.Equal(3, read.GetProperty("spec").GetProperty("size").GetInt32());
        Assert.Equal("Widget", read.GetProperty("kind").GetString());
        Assert.Equal("w1", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("metadata").GetProperty("name").GetString());
        var established = (await scope.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com")).Status.Conditions;
        Assert.Contains(established, c => c.Type == "Established" && c.Status == "True");
    }

    [Fact]
    public async Task A_typed_watch_gets_the_changes_and_bookmarks()
    {
        await using var scope = await OfficialClientScope.StartAsync(new SimulatorOptions { RunControllers = false, WatchBookmarkInterval = TimeSpan.FromMilliseconds(50) });
        var core = scope.Client.CoreV1;
        var version = (await core.ListNamespacedConfigMapAsync(scope.Namespace)).Metadata.ResourceVersion;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<(WatchEventType Type, string Name, string Version)>();

        var creator = Task.Run(async () =>
        {
            await core.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), scope.Namespace);
            await core.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "a", scope.Namespace);
            await core.DeleteNamespacedConfigMapAsync("a", scope.Namespace);
        });
        await foreach (var (type, item) in core.WatchListNamespacedConfigMapAsync(scope.Namespace, allowWatchBookmarks: true, resourceVersion: version, cancellationToken: stop.Token))
        {
            seen.Add((type, item.Metadata.Name, item.Metadata.ResourceVersion));
            if (type == WatchEventType.Bookmark && seen.Any(e => e.Type == WatchEventType.Deleted))
            {
                break;
            }
        }

        await creator;
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Where(e => e.Type != WatchEventType.Bookmark).Select(e => e.Type));
        Assert.All(seen.Where(e => e.Type != WatchEventType.Bookmark), e => Assert.Equal("a", e.Name));
        var bookmark = seen[^1];
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.True(long.Parse(bookmark.Version, System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(seen.Last(e => e.Type == WatchEventType.Deleted).Version, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_typed_watch_from_a_version_older_than_the_history_ends_with_a_410_error()
    {
        await using var scope = await OfficialClientScope.StartAsync(new SimulatorOptions { RunControllers = false, WatchHistorySize = 16 });
        var core = scope.Client.CoreV1;
        var first = await core.CreateNamespacedConfigMapAsync(ConfigMap("cm-0", "0"), scope.Namespace);
        for (var i = 1; i < 40; i++)
        {
            await core.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}", "0"), scope.Namespace);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var errors = new List<Exception>();
        var events = new List<WatchEventType>();
        await foreach (var (type, _) in core.WatchListNamespacedConfigMapAsync(scope.Namespace, resourceVersion: first.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: stop.Token))
        {
            events.Add(type);
        }

        Assert.False(stop.IsCancellationRequested, "the stream should end after the error");
        Assert.Empty(events);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal((410, "Expired"), (status.Code, status.Reason));
        Assert.StartsWith($"too old resource version: {first.Metadata.ResourceVersion} (", status.Message, StringComparison.Ordinal);
    }
}
