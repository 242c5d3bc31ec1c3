using k8s;
using k8s.Models;

namespace Dm.ClusterSimulator.Tests;

/// <summary>
/// A simulator on a loopback port, the official C# client (KubernetesClient) built from the kubeconfig the simulator
/// wrote, and a namespace of the test's own. The official client is an independent judge: whatever it sends, the
/// simulator must answer as a real API server does.
/// </summary>
public sealed class OfficialClientScope : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private OfficialClientScope(ClusterSimulator simulator, TempDirectory directory, string kubeconfig, string @namespace)
    {
        Simulator = simulator;
        _directory = directory;
        Kubeconfig = kubeconfig;
        Namespace = @namespace;
        Client = Connect();
    }

    public ClusterSimulator Simulator { get; }

    public string Kubeconfig { get; }

    public string Namespace { get; }

    public Kubernetes Client { get; }

    public static async Task<OfficialClientScope> StartAsync(SimulatorOptions? options = null)
    {
        var simulator = await ClusterSimulator.StartAsync(options ?? new SimulatorOptions { RunControllers = false }, CancellationToken.None);
        var directory = new TempDirectory();
        var @namespace = "t-" + Guid.NewGuid().ToString("N")[..10];
        var kubeconfig = simulator.WriteKubeconfig(Path.Combine(directory.Path, "kubeconfig"), "sim", @namespace);
        var scope = new OfficialClientScope(simulator, directory, kubeconfig, @namespace);
        await scope.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = @namespace } });
        return scope;
    }

    /// <summary>Another official client on the same kubeconfig (a second process, say).</summary>
    public Kubernetes Connect() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig, currentContext: "sim"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
        _directory.Dispose();
    }
}
