using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Dm.ClusterSimulator;

/// <summary>
/// The standalone command line: starts a simulator on loopback, writes the kubeconfig, runs until Ctrl-C or SIGTERM.
/// A wrong option prints why and exits 2.
/// </summary>
internal static class SimulatorCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port") { Description = "Loopback port (0 picks a free one).", DefaultValueFactory = _ => 6443 };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Write a kubeconfig for this simulator to FILE at start." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig's context name (default: the cluster name)." };
        var tls = new Option<bool>("--tls") { Description = "Serve HTTPS with a generated CA (embedded in the kubeconfig)." };
        var tokens = new Option<string[]>("--token") { Description = "Require this bearer token (repeatable)." };
        var speed = new Option<double>("--speed") { Description = "Rollout speed: simulated seconds per real second.", DefaultValueFactory = _ => 1.0 };
        var name = new Option<string>("--name") { Description = "The cluster name.", DefaultValueFactory = _ => "simulator" };
        var root = new RootCommand("DM cluster simulator: an in-process Kubernetes API server on 127.0.0.1 for tests, the playground and kubectl.")
        {
            port, kubeconfig, context, tls, tokens, speed, name,
        };
        root.SetAction((parse, _) => ServeAsync(
            new SimulatorOptions
            {
                Port = parse.GetValue(port),
                UseTls = parse.GetValue(tls),
                Auth = parse.GetValue(tokens) is { Length: > 0 } ? SimulatorAuthMode.BearerToken : SimulatorAuthMode.None,
                BearerTokens = parse.GetValue(tokens) ?? [],
                RolloutSpeed = parse.GetValue(speed),
                ClusterName = parse.GetValue(name)!,
            },
            parse.GetValue(kubeconfig),
            parse.GetValue(context),
            output));

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var problem in result.Errors)
            {
                await error.WriteLineAsync($"{problem.Message.TrimEnd('.')}; see --help");
            }

            return 2;
        }

        // The simulator stops on SIGINT/SIGTERM itself (below), so it can say so and shut down cleanly.
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    private static async Task<int> ServeAsync(SimulatorOptions settings, string? kubeconfig, string? context, TextWriter output)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        using var stop = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }

        var options = settings with { LoggerFactory = loggerFactory };
        await using var simulator = await ClusterSimulator.StartAsync(options, stop.Token);
        await output.WriteLineAsync($"Cluster simulator {options.ClusterName} listening on {simulator.BaseAddress}");
        if (kubeconfig is not null)
        {
            simulator.WriteKubeconfig(kubeconfig, context ?? options.ClusterName);
            await output.WriteLineAsync($"kubeconfig written to {kubeconfig}: kubectl --kubeconfig {kubeconfig} get deploy -A");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync("Stopping");
        }

        return 0;
    }
}
