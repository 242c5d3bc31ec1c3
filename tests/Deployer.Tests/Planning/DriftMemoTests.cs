using System.Text.Json.Nodes;
using Dm.Deployer.Planning;
using Dm.Domain;

namespace Dm.Deployer.Tests.Planning;

/// <summary>The drift memo answers as <see cref="DriftDetector.Find"/> does, whatever it remembers.</summary>
public sealed class DriftMemoTests
{
    private static DesiredObject Desired(int replicas) =>
        new(new ResourceKey("apps", "Deployment", "dev", "web"), "web", "1", Manifest(replicas), "hash-" + replicas);

    private static JsonObject Manifest(int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "dev" },
        ["spec"] = new JsonObject { ["replicas"] = replicas },
    };

    [Fact]
    public void A_live_object_in_sync_stays_in_sync_and_a_drifted_one_is_reported_every_time()
    {
        var memo = new DriftMemo();
        var desired = Desired(2);
        var inSync = Manifest(2);
        var drifted = Manifest(5);

        Assert.Null(memo.Find(desired, inSync));
        Assert.Null(memo.Find(desired, inSync));
        Assert.Equal(DriftDetector.Find(desired.Manifest, drifted), memo.Find(desired, drifted));
        Assert.NotNull(memo.Find(desired, drifted));
    }

    [Fact]
    public void A_live_object_remembered_in_sync_with_one_desired_object_is_compared_again_with_another()
    {
        var memo = new DriftMemo();
        var live = Manifest(2);

        Assert.Null(memo.Find(Desired(2), live));
        Assert.NotNull(memo.Find(Desired(3), live));
    }
}
