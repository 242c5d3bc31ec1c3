using k8s;
using k8s.Models;

namespace Dm.ClientProbe;

/// <summary>The official C# client (KubernetesClient), typed calls.</summary>
internal sealed class OfficialProbeClient(string kubeconfig) : IProbeClient
{
    private readonly k8s.Kubernetes _client = new(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

    public Task ApplyNamespaceAsync(string name) =>
        _client.CoreV1.PatchNamespaceAsync(
            new V1Patch(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name } }, V1Patch.PatchType.ApplyPatch),
            name,
            fieldManager: "dm-probe",
            force: true);

    public Task ApplyConfigMapAsync(string @namespace, string name, string value) =>
        _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(
                new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace }, Data = new Dictionary<string, string> { ["value"] = value } },
                V1Patch.PatchType.ApplyPatch),
            name,
            @namespace,
            fieldManager: "dm-probe",
            force: true);

    public async Task<string?> GetConfigMapValueAsync(string @namespace, string name) =>
        (await _client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace)).Data?["value"];

    public async Task<int> CountConfigMapsAsync(string @namespace) =>
        (await _client.CoreV1.ListNamespacedConfigMapAsync(@namespace)).Items.Count;

    public Task DeleteConfigMapAsync(string @namespace, string name) =>
        _client.CoreV1.DeleteNamespacedConfigMapAsync(name, @namespace);

    public void Dispose() => _client.Dispose();
}
