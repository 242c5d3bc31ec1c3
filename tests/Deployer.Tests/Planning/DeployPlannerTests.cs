using System.Text.Json.Nodes;
using Dm.Deployer.Planning;
using Dm.Domain;
using Dm.ResourceRepo;

namespace Dm.Deployer.Tests.Planning;

public sealed class DeployPlannerTests
{
    private static readonly DeployerTarget Target = new("dev", "Kubernetes", "sim", "dev", null, Prune: true, CreateNamespace: false);

    [Fact]
    public void Missing_changed_and_unchanged_objects_are_applied_applied_and_skipped_in_kind_order()
    {
        var desired = Desire(
            Resource("web", "1.0", Deployment("web", "web:1.0")),
            Resource("settings", null, ConfigMap("settings", "a")),
            Resource("ns", null, Namespace("extra")));
        var live = Live(desired, "settings");
        var changed = Desire(
            Resource("web", "1.1", Deployment("web", "web:1.1")),
            Resource("settings", null, ConfigMap("settings", "a")),
            Resource("ns", null, Namespace("extra")));
        live[Key("apps", "Deployment", "dev", "web")] = Stored(desired.Objects.Single(o => o.Resource == "web"));

        var plan = DeployPlanner.Plan(changed, live, [], prune: true);

        Assert.Equal(
            ["Namespace extra", "Deployment.apps dev/web"],
            plan.ApplyGroups.SelectMany(g => g).Select(a => a.Desired.Key.ToString()));
        Assert.Equal([ApplyReason.Missing, ApplyReason.Changed], plan.Applies.Select(a => a.Reason));
        Assert.Equal(["ConfigMap dev/settings"], plan.Skips.Select(s => s.Desired.Key.ToString()));
        Assert.Empty(plan.Prunes);
    }

    [Fact]
    public void Manifests_without_a_namespace_get_the_targets_and_cluster_scoped_kinds_get_none()
    {
        var desired = Desire(Resource("all", null, ConfigMap("c", "x"), Namespace("n"), ConfigMap("other", "y", "elsewhere")));

        Assert.Equal(["ConfigMap dev/c", "Namespace n", "ConfigMap elsewhere/other"], desired.Objects.Select(o => o.Key.ToString()));
        Assert.Equal("dev", (string?)desired.Objects[0].Manifest["metadata"]!["namespace"]);
        Assert.Null(desired.Objects[1].Manifest["metadata"]!["namespace"]);
        Assert.Equal(desired.Objects[0].Hash, (string?)desired.Objects[0].Manifest["metadata"]!["annotations"]![DeployerAnnotations.ContentHash]);
    }

    [Fact]
    public void A_live_object_whose_owned_field_was_changed_is_reapplied_as_drift()
    {
        var desired = Desire(Resource("web", "1.0", Deployment("web", "web:1.0")));
        var live = Live(desired);
        var key = desired.Objects[0].Key;
        live[key]["spec"]!["replicas"] = 7;
        live[key]["spec"]!.AsObject()["paused"] = false; // a field DM does not set is not drift

        var plan = DeployPlanner.Plan(desired, live, [], prune: true);

        var apply = Assert.Single(plan.Applies);
        Assert.Equal(ApplyReason.Drifted, apply.Reason);
        Assert.Equal("spec.replicas is 7, DM applied 2", apply.Detail);
    }

    [Fact]
    public void Objects_that_left_the_repo_are_pruned_in_reverse_kind_order_only_with_prune_and_never_for_a_broken_resource()
    {
        var desired = Desire(Resource("web", "1.0", Deployment("web", "web:1.0")), Broken("api"));
        var inventory = new List<InventoryEntry>
        {
            new("web", Key("apps", "Deployment", "dev", "web")),
            new("gone", Key(string.Empty, "ConfigMap", "dev", "gone")),
            new("gone", Key("apps", "Deployment", "dev", "gone")),
            new("api", Key("apps", "Deployment", "dev", "api")),
        };

        var withPrune = DeployPlanner.Plan(desired, Live(desired), inventory, prune: true);
        var withoutPrune = DeployPlanner.Plan(desired, Live(desired), inventory, prune: false);

        Assert.Equal(["Deployment.apps dev/gone", "ConfigMap dev/gone"], withPrune.Prunes.Select(p => p.Entry.Key.ToString()));
        Assert.Equal(["Deployment.apps dev/api"], withPrune.Kept.Select(k => k.Entry.Key.ToString()));
        Assert.Empty(withoutPrune.Prunes);
        Assert.Equal(3, withoutPrune.Kept.Count);
        Assert.Equal(
            ["api", "web"],
            DeployPlanner.NextInventory(desired, withPrune, []).Select(e => e.Resource).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_inventory_round_trips_through_its_config_map()
    {
        var entries = new List<InventoryEntry> { new("web", Key("apps", "Deployment", "dev", "web")), new("ns", Key(string.Empty, "Namespace", string.Empty, "x")) };

        var manifest = Inventory.Manifest("dev", "dev", entries);

        Assert.Equal("dm-inventory-dev", (string?)manifest["metadata"]!["name"]);
        Assert.Equal(entries.OrderBy(e => e.Key.Group, StringComparer.Ordinal), Inventory.Parse(manifest));
    }

    [Fact]
    public void The_hash_does_not_depend_on_key_order()
    {
        Assert.Equal(ContentHasher.Of(JsonNode.Parse("""{"a":1,"b":{"c":[1,2],"d":"x"}}""")!.AsObject()), ContentHasher.Of(JsonNode.Parse("""{"b":{"d":"x","c":[1,2]},"a":1}""")!.AsObject()));
        Assert.NotEqual(ContentHasher.Of(JsonNode.Parse("""{"a":1}""")!.AsObject()), ContentHasher.Of(JsonNode.Parse("""{"a":2}""")!.AsObject()));
    }

    [Fact]
    public void Desired_manifests_hold_what_was_built_and_hashed_and_leave_the_rendered_manifest_alone()
    {
        // 1. A rendered ConfigMap without a namespace and a Deployment.
        var rendered = ConfigMap("settings", "a");
        var before = rendered.ToJsonString();
        var desired = Desire(Resource("settings", "2.0", rendered), Resource("web", "1.0", Deployment("web", "web:1.0")));

        foreach (var wanted in desired.Objects)
        {
            // 2. The manifest kept carries the target's namespace, DM's annotations and its content hash.
            var annotations = wanted.Manifest["metadata"]!["annotations"]!.AsObject();
            Assert.Equal("dev", (string?)wanted.Manifest["metadata"]!["namespace"]);
            Assert.Equal(wanted.Hash, (string?)annotations[DeployerAnnotations.ContentHash]);
            Assert.Equal(wanted.Version, (string?)annotations[DeployerAnnotations.Version]);

            // 3. The hash is the hash of the kept content (without the hash annotation itself).
            var content = wanted.Manifest.DeepClone().AsObject();
            content["metadata"]!["annotations"]!.AsObject().Remove(DeployerAnnotations.ContentHash);
            Assert.Equal(wanted.Hash, ContentHasher.Of(content));

            // 4. The server's copy of it (with its own additions) is not drift.
            Assert.Null(DriftDetector.Find(wanted.Manifest, Stored(wanted)));
        }

        // 5. The repo model's manifest is untouched.
        Assert.Equal(before, rendered.ToJsonString());
    }

    private static ResourceKey Key(string group, string kind, string ns, string name) => new(group, kind, ns, name);

    private static DesiredState Desire(params RepoResource[] resources) =>
        DesiredState.Build(new RepoEnvironment("dev", EnvironmentLocks.None, resources), Target, (_, kind) => kind != "Namespace");

    private static Dictionary<ResourceKey, JsonObject> Live(DesiredState desired, params string[] only) =>
        desired.Objects.Where(o => only.Length == 0 || only.Contains(o.Resource)).ToDictionary(o => o.Key, Stored);

    private static JsonObject Stored(DesiredObject desired)
    {
        var stored = desired.Manifest.DeepClone().AsObject();
        stored["metadata"]!["uid"] = "u-1";
        stored["status"] = new JsonObject { ["observedGeneration"] = 1 };
        return stored;
    }

    private static RenderedResource Resource(string name, string? version, params JsonObject[] manifests) =>
        new("dev", name, version, [], [.. manifests.Select(m => new RenderedManifest(
            ResourceKey.FromApiVersion((string)m["apiVersion"]!, (string)m["kind"]!, (string?)m["metadata"]!["namespace"], (string)m["metadata"]!["name"]!), m))], "hash-" + name);

    private static BrokenResource Broken(string name) =>
        new("dev", name, "1", [], [new RepoError($"dev/base/{name}.yaml", 3, 5, null, "dev", name, Reasons.UnresolvedPlaceholder, "placeholder ${x} has no value")]);

    private static JsonObject Deployment(string name, string image) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"NAME"}},"template":{"metadata":{"labels":{"app":"NAME"}},"spec":{"containers":[{"name":"c","image":"IMAGE"}]}}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal))!.AsObject();

    private static JsonObject ConfigMap(string name, string value, string? ns = null) => JsonNode.Parse(ns is null
        ? $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"v":"{{{value}}}"}}"""
        : $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"data":{"v":"{{{value}}}"}}""")!.AsObject();

    private static JsonObject Namespace(string name) => JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""")!.AsObject();
}
