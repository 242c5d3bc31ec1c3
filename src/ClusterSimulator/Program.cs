using Dm.ClusterSimulator;

// Standalone: dotnet run --project src/ClusterSimulator -- [--port 6443] [--kubeconfig sim.kubeconfig] [--context simulator]
//             [--tls] [--token T] [--speed 1.0] [--name simulator]
return await SimulatorCli.RunAsync(args, Console.Out, Console.Error);
