using System.Text.Json.Nodes;
using Dm.Deployer.Planning;
using Dm.Domain;
using Dm.ResourceRepo;

namespace Dm.Deployer.Tests.Jobs;

/// <summary>A Job DM ran at the desired content is done: deleted afterwards (its TTL), it is not run again.</summary>
public sealed class CompletedJobTests
{
    private static readonly DeployerTarget Target = new("dev", "Kubernetes", "sim", "dev", null, Prune: true, CreateNamespace: false);

    private static readonly ResourceKey MigrateKey = new("batch", "Job", "dev", "migrate");

    private static DesiredState Desire(string image) =>
        DesiredState.Build(
            new RepoEnvironment("dev", EnvironmentLocks.None, [new RenderedResource("dev", "migrate", "1", [], [new RenderedManifest(MigrateKey, Job(image))], "hash-migrate")]),
            Target,
            (_, _) => true);

    private static JsonObject Job(string image) => JsonNode.Parse("""
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate"},
         "spec":{"ttlSecondsAfterFinished":60,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"IMAGE"}]}}}}
        """.Replace("IMAGE", image, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void A_job_gone_after_running_at_the_desired_content_is_finished_not_applied_again()
    {
        var desired = Desire("migrate:1");
        var hash = desired.Objects[0].Hash;

        var plan = DeployPlanner.Plan(desired, new Dictionary<ResourceKey, JsonObject>(), [new InventoryEntry("migrate", MigrateKey, hash)], prune: true);

        Assert.Empty(plan.Applies);
        Assert.Equal([MigrateKey], plan.Finished.Select(f => f.Desired.Key));
        Assert.Equal([new InventoryEntry("migrate", MigrateKey, hash)], DeployPlanner.NextInventory(desired, plan, []));
    }

    [Fact]
    public void A_new_content_or_a_job_never_run_is_applied()
    {
        var before = Desire("migrate:1");
        var after = Desire("migrate:2");

        var changed = DeployPlanner.Plan(after, new Dictionary<ResourceKey, JsonObject>(), [new InventoryEntry("migrate", MigrateKey, before.Objects[0].Hash)], prune: true);
        var neverCompleted = DeployPlanner.Plan(before, new Dictionary<ResourceKey, JsonObject>(), [new InventoryEntry("migrate", MigrateKey)], prune: true);

        Assert.Equal([ApplyReason.Missing], changed.Applies.Select(a => a.Reason));
        Assert.Empty(changed.Finished);
        Assert.Equal([ApplyReason.Missing], neverCompleted.Applies.Select(a => a.Reason));
        Assert.Null(Assert.Single(DeployPlanner.NextInventory(after, changed, [])).RunHash);
    }

    [Fact]
    public void A_job_run_at_the_desired_content_records_its_content_hash_in_the_inventory()
    {
        var desired = Desire("migrate:1");
        var plan = DeployPlanner.Plan(desired, new Dictionary<ResourceKey, JsonObject>(), [], prune: true);

        var next = DeployPlanner.NextInventory(desired, plan, [], new HashSet<ResourceKey> { MigrateKey });

        Assert.Equal(desired.Objects[0].Hash, Assert.Single(next).RunHash);
    }

    [Fact]
    public void The_inventory_stores_the_run_hash_as_a_sixth_column_and_still_reads_five()
    {
        var entries = new[] { new InventoryEntry("migrate", MigrateKey, "abc"), new InventoryEntry("settings", new ResourceKey(string.Empty, "ConfigMap", "dev", "settings")) };

        var text = Inventory.Format(entries);

        Assert.Equal("settings\t\tConfigMap\tdev\tsettings\nmigrate\tbatch\tJob\tdev\tmigrate\tabc\n", text);
        Assert.Equal(entries.Reverse(), Inventory.Parse(new JsonObject { ["data"] = new JsonObject { [Inventory.DataKey] = text } }));
    }

    [Fact]
    public void A_round_that_could_not_apply_the_job_keeps_the_run_hash_known_for_the_desired_content_only()
    {
        var desired = Desire("migrate:1");
        var hash = desired.Objects[0].Hash;
        var plan = DeployPlanner.Plan(desired, new Dictionary<ResourceKey, JsonObject>(), [], prune: true);

        var kept = DeployPlanner.NextInventory(desired, plan, [], runJobs: new HashSet<ResourceKey>(), previous: [new InventoryEntry("migrate", MigrateKey, hash)]);
        var stale = DeployPlanner.NextInventory(desired, plan, [], runJobs: new HashSet<ResourceKey>(), previous: [new InventoryEntry("migrate", MigrateKey, "old")]);

        Assert.Equal(hash, Assert.Single(kept).RunHash);
        Assert.Null(Assert.Single(stale).RunHash);
    }
}
