extern alias simulator;
using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Kubernetes;
using Dm.TestSupport;
using simulator::Dm.ClusterSimulator;

namespace Dm.Transitioner.Tests;

/// <summary>A simulator holding the transitioners' Leases, namespace <c>dm</c> created, a kubeconfig for it and a client.</summary>
internal sealed class LeaseCluster : IAsyncDisposable
{
    /// <summary>The repo's transitions: latest → dev, no preconditions.</summary>
    public const string LatestToDev = """
        transitions:
          to-dev:
            source: latest
            target: dev

        """;

    private readonly simulator::Dm.ClusterSimulator.ClusterSimulator _simulator;
    private readonly KubernetesRestClient _client;

    private LeaseCluster(simulator::Dm.ClusterSimulator.ClusterSimulator simulator, KubernetesRestClient client, TempDirectory directory, string kubeconfig)
    {
        _simulator = simulator;
        _client = client;
        Directory = directory;
        Kubeconfig = kubeconfig;
    }

    public TempDirectory Directory { get; }

    public string Kubeconfig { get; }

    public static async Task<LeaseCluster> StartAsync()
    {
        var simulator = await simulator::Dm.ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var directory = new TempDirectory();
        var kubeconfig = simulator.WriteKubeconfig(directory.Sub("kubeconfig"), "sim", "dm");
        var client = new KubernetesRestClient(KubeConfigLoader.LoadFile(kubeconfig).ResolveContext("sim"));
        await client.ApplyAsync(
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "dm" } },
            new ApplyOptions("test"),
            CancellationToken.None);
        return new LeaseCluster(simulator, client, directory, kubeconfig);
    }

    /// <summary>The <c>holderIdentity</c> of Lease <c>dm/dm-transitioner</c>, or null.</summary>
    public async Task<string?> HolderAsync() =>
        (string?)(await _client.GetAsync(new Dm.Domain.ResourceKey("coordination.k8s.io", "Lease", "dm", "dm-transitioner"), CancellationToken.None))?["spec"]?["holderIdentity"];

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _simulator.DisposeAsync();
        Directory.Dispose();
    }
}
