using Dm.ClusterSimulator;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// A simulator on a loopback port, a kubeconfig it wrote, DM's client built from that kubeconfig, and a namespace of
/// the test's own. Disposed at the end of the test.
/// </summary>
public sealed class SimulatorScope : IAsyncDisposable
{
    private SimulatorScope(ClusterSimulator.ClusterSimulator simulator, KubernetesRestClient client, TempDirectory directory, string @namespace)
    {
        Simulator = simulator;
        Client = client;
        Directory = directory;
        Namespace = @namespace;
    }

    public ClusterSimulator.ClusterSimulator Simulator { get; }

    public KubernetesRestClient Client { get; }

    public TempDirectory Directory { get; }

    public string Namespace { get; }

    public static async Task<SimulatorScope> StartAsync(SimulatorOptions? options = null, KubernetesClientOptions? clientOptions = null, TimeProvider? clientTime = null)
    {
        var simulator = await ClusterSimulator.ClusterSimulator.StartAsync(options ?? new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var directory = new TempDirectory();
        var @namespace = "t-" + Guid.NewGuid().ToString("N")[..10];
        var kubeconfig = simulator.WriteKubeconfig(Path.Combine(directory.Path, "kubeconfig"), "sim", @namespace);
        var endpoint = KubeConfigLoader.LoadFile(kubeconfig).ResolveContext("sim");
        var client = new KubernetesRestClient(endpoint, clientOptions ?? FastRetries, clientTime);
        var scope = new SimulatorScope(simulator, client, directory, @namespace);
        if (options?.Auth is null or SimulatorAuthMode.None)
        {
            await client.ApplyAsync(Manifests.Namespace(@namespace), new ApplyOptions("test"), CancellationToken.None);
        }

        return scope;
    }

    /// <summary>Retries without real waiting to speak of, so fault tests stay fast.</summary>
    public static KubernetesClientOptions FastRetries { get; } = new()
    {
        Retry = new RetryPolicy(5, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
        Directory.Dispose();
    }
}
