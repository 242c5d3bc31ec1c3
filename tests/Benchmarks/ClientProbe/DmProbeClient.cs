using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.ClientProbe;

/// <summary>DM's own client (<see cref="KubernetesRestClient"/>).</summary>
internal sealed class DmProbeClient(string kubeconfig) : IProbeClient
{
    private static readonly ApplyOptions Apply = new("dm-probe", Force: true);
    private readonly KubernetesRestClient _client = new(KubeConfigLoader.LoadFile(kubeconfig).ResolveContext());

    public Task ApplyNamespaceAsync(string name) =>
        _client.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } }, Apply, CancellationToken.None);

    public Task ApplyConfigMapAsync(string @namespace, string name, string value) =>
        _client.ApplyAsync(
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
                ["data"] = new JsonObject { ["value"] = value },
            },
            Apply,
            CancellationToken.None);

    public async Task<string?> GetConfigMapValueAsync(string @namespace, string name) =>
        (string?)(await _client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", @namespace, name), CancellationToken.None))?["data"]?["value"];

    public async Task<int> CountConfigMapsAsync(string @namespace) =>
        (await _client.ListAsync(new ResourceQuery(string.Empty, "ConfigMap", @namespace), CancellationToken.None)).Items.Count;

    public Task DeleteConfigMapAsync(string @namespace, string name) =>
        _client.DeleteAsync(new ResourceKey(string.Empty, "ConfigMap", @namespace, name), PropagationPolicy.Default, CancellationToken.None);

    public void Dispose() => _client.Dispose();
}
