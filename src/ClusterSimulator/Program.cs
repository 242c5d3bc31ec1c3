using Dm.ClusterSimulator;
using Microsoft.Extensions.Logging;

// Standalone: dotnet run --project src/ClusterSimulator -- [--port 6443] [--kubeconfig sim.kubeconfig] [--context simulator]
//             [--tls] [--token T] [--speed 1.0] [--name simulator]
return await SimulatorCommand.RunAsync(args);

/// <summary>The standalone entry point: parses the few options, starts a simulator, writes the kubeconfig, runs until Ctrl-C.</summary>
internal static class SimulatorCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = 6443;
        string? kubeconfig = null;
        string? context = null;
        var tls = false;
        var tokens = new List<string>();
        var speed = 1.0;
        var name = "simulator";
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port":
                    port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--kubeconfig":
                    kubeconfig = Next();
                    break;
                case "--context":
                    context = Next();
                    break;
                case "--tls":
                    tls = true;
                    break;
                case "--token":
                    tokens.Add(Next());
                    break;
                case "--speed":
                    speed = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--name":
                    name = Next();
                    break;
                case "--help" or "-h":
                    Console.WriteLine("Usage: Dm.ClusterSimulator [--port 6443] [--kubeconfig FILE] [--context NAME] [--tls] [--token TOKEN] [--speed X] [--name CLUSTER]");
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}; see --help");
                    return 2;
            }
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        using var stop = new CancellationTokenSource();
        using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        var options = new SimulatorOptions
        {
            Port = port,
            UseTls = tls,
            Auth = tokens.Count > 0 ? SimulatorAuthMode.BearerToken : SimulatorAuthMode.None,
            BearerTokens = tokens,
            RolloutSpeed = speed,
            ClusterName = name,
            LoggerFactory = loggerFactory,
        };
        await using var simulator = await ClusterSimulator.StartAsync(options, stop.Token);
        Console.WriteLine($"Cluster simulator {name} listening on {simulator.BaseAddress}");
        if (kubeconfig is not null)
        {
            simulator.WriteKubeconfig(kubeconfig, context ?? name);
            Console.WriteLine($"kubeconfig written to {kubeconfig}: kubectl --kubeconfig {kubeconfig} get deploy -A");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping");
        }

        return 0;
    }
}
