using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Dm.ClusterSimulator.Tests;

/// <summary>
/// Leases have real optimistic concurrency, as leader election needs: a second create is 409 AlreadyExists, and an
/// update, patch or server-side apply carrying a stale <c>metadata.resourceVersion</c> is 409 Conflict.
/// </summary>
public sealed class LeaseConcurrencyTests
{
    private static V1Lease Lease(string holder, string? resourceVersion = null, int seconds = 15) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = "leader", ResourceVersion = resourceVersion },
        Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = seconds },
    };

    private static async Task<V1Status> RefusedAsync(HttpStatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, error.Response.StatusCode);
        return KubernetesJson.Deserialize<V1Status>(error.Response.Content);
    }

    private static async Task<string> HolderAsync(OfficialClientScope scope)
        => (await scope.Client.CoordinationV1.ReadNamespacedLeaseAsync("leader", scope.Namespace)).Spec.HolderIdentity;

    [Fact]
    public async Task Creating_a_lease_that_exists_is_409_AlreadyExists()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var leases = scope.Client.CoordinationV1;
        await leases.CreateNamespacedLeaseAsync(Lease("a"), scope.Namespace);

        var status = await RefusedAsync(HttpStatusCode.Conflict, () => leases.CreateNamespacedLeaseAsync(Lease("b"), scope.Namespace));

        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal("leases.coordination.k8s.io \"leader\" already exists", status.Message);
        Assert.Equal("a", await HolderAsync(scope));
    }

    [Fact]
    public async Task An_update_with_a_stale_resource_version_is_409_Conflict()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var leases = scope.Client.CoordinationV1;
        var created = await leases.CreateNamespacedLeaseAsync(Lease("a"), scope.Namespace);
        var renewed = await leases.ReplaceNamespacedLeaseAsync(Lease("a", created.Metadata.ResourceVersion, seconds: 20), "leader", scope.Namespace);

        var status = await RefusedAsync(HttpStatusCode.Conflict, () => leases.ReplaceNamespacedLeaseAsync(Lease("b", created.Metadata.ResourceVersion), "leader", scope.Namespace));

        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Operation cannot be fulfilled on leases.coordination.k8s.io \"leader\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
        Assert.NotEqual(created.Metadata.ResourceVersion, renewed.Metadata.ResourceVersion);
        Assert.Equal("a", await HolderAsync(scope));
    }

    [Fact]
    public async Task A_merge_patch_with_a_stale_resource_version_is_409_Conflict()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var leases = scope.Client.CoordinationV1;
        var created = await leases.CreateNamespacedLeaseAsync(Lease("a"), scope.Namespace);
        await leases.ReplaceNamespacedLeaseAsync(Lease("a", created.Metadata.ResourceVersion, seconds: 20), "leader", scope.Namespace);
        var patch = $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"spec":{"holderIdentity":"b"}}""";

        var status = await RefusedAsync(HttpStatusCode.Conflict, () => leases.PatchNamespacedLeaseAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "leader", scope.Namespace));

        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("a", await HolderAsync(scope));
    }

    [Fact]
    public async Task Server_side_apply_with_a_stale_resource_version_in_the_body_is_409_Conflict()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var leases = scope.Client.CoordinationV1;
        var applied = await leases.PatchNamespacedLeaseAsync(new V1Patch(Lease("a"), V1Patch.PatchType.ApplyPatch), "leader", scope.Namespace, fieldManager: "elector-a", force: true);
        var renewed = await leases.PatchNamespacedLeaseAsync(new V1Patch(Lease("a", applied.Metadata.ResourceVersion, seconds: 20), V1Patch.PatchType.ApplyPatch), "leader", scope.Namespace, fieldManager: "elector-a", force: true);

        // Forcing does not lift the precondition: force settles field ownership, resourceVersion guards the whole object.
        var status = await RefusedAsync(HttpStatusCode.Conflict, () => leases.PatchNamespacedLeaseAsync(new V1Patch(Lease("b", applied.Metadata.ResourceVersion), V1Patch.PatchType.ApplyPatch), "leader", scope.Namespace, fieldManager: "elector-b", force: true));
        var dryRun = await RefusedAsync(HttpStatusCode.Conflict, () => leases.PatchNamespacedLeaseAsync(new V1Patch(Lease("b", applied.Metadata.ResourceVersion), V1Patch.PatchType.ApplyPatch), "leader", scope.Namespace, fieldManager: "elector-b", force: true, dryRun: "All"));

        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Operation cannot be fulfilled on leases.coordination.k8s.io \"leader\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
        Assert.Equal("Conflict", dryRun.Reason);
        var live = await leases.ReadNamespacedLeaseAsync("leader", scope.Namespace);
        Assert.Equal(("a", renewed.Metadata.ResourceVersion), (live.Spec.HolderIdentity, live.Metadata.ResourceVersion));
        var taken = await leases.PatchNamespacedLeaseAsync(new V1Patch(Lease("b", live.Metadata.ResourceVersion), V1Patch.PatchType.ApplyPatch), "leader", scope.Namespace, fieldManager: "elector-b", force: true);
        Assert.Equal("b", taken.Spec.HolderIdentity);
    }

    [Fact]
    public async Task An_update_without_a_resource_version_is_422_because_leases_allow_no_unconditional_update()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var leases = scope.Client.CoordinationV1;
        await leases.CreateNamespacedLeaseAsync(Lease("a"), scope.Namespace);

        var status = await RefusedAsync(HttpStatusCode.UnprocessableEntity, () => leases.ReplaceNamespacedLeaseAsync(Lease("b"), "leader", scope.Namespace));

        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("leases.coordination.k8s.io \"leader\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", status.Message);
        Assert.Equal("metadata.resourceVersion", Assert.Single(status.Details.Causes).Field);
        Assert.Equal("a", await HolderAsync(scope));
    }

    [Fact]
    public async Task An_update_of_a_missing_lease_creates_it()
    {
        await using var scope = await OfficialClientScope.StartAsync();
        var leases = scope.Client.CoordinationV1;

        // As the real registry does: a missing object is created, and a resourceVersion in the body is not a precondition then.
        var created = await leases.ReplaceNamespacedLeaseWithHttpMessagesAsync(Lease("a", "999999"), "leader", scope.Namespace);

        Assert.Equal(HttpStatusCode.Created, created.Response.StatusCode);
        Assert.Equal("a", await HolderAsync(scope));
        Assert.NotEqual("999999", created.Body.Metadata.ResourceVersion);
    }
}
