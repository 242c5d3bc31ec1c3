using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator;

namespace Dm.Benchmarks;

/// <summary>
/// DM's client against the official C# client (KubernetesClient) on the same calls — apply a namespace, server-side
/// apply 200 ConfigMaps, get, list, delete — each run in a fresh child process (tests/Benchmarks/ClientProbe) against
/// one simulator, alternating, 5 runs each; prints the medians of peak RSS, CPU up to the first answer and total CPU.
/// </summary>
public sealed class KubeClientCompareBenchmarks : IBenchmark
{
    private const int Runs = 5;
    private const int ConfigMaps = 200;

    public string Name => "kube-client-compare";

    public string Description => "DM's Kubernetes client vs the official KubernetesClient, same calls in child processes: peak RSS and CPU";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var probe = ProbePath();
        await using var simulator = await ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RunControllers = false, WatchHistorySize = 1_000 }, cancellationToken);
        var directory = Path.Combine(Path.GetTempPath(), "dm-kube-compare-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var kubeconfig = simulator.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), "bench");
            var results = new Dictionary<string, List<JsonObject>> { ["dm"] = [], ["official"] = [] };
            for (var run = 0; run < Runs; run++)
            {
                foreach (var mode in results.Keys)
                {
                    results[mode].Add(await RunProbeAsync(probe, mode, kubeconfig, $"{mode}-{run}", cancellationToken));
                }
            }

            output.WriteLine($"{"client",-10} {"peak RSS",10} {"CPU to 1st answer",18} {"total CPU",10} {"wall",8}   (medians of {Runs} child processes, {ConfigMaps} applies each)");
            foreach (var (mode, runs) in results)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode,-10} {Median(runs, "peakRssMiB"),6:0.0} MiB {Median(runs, "startupCpuMs"),15:0} ms {Median(runs, "totalCpuMs"),7:0} ms {Median(runs, "wallMs"),5:0} ms"));
            }

            var rss = Median(results["official"], "peakRssMiB") - Median(results["dm"], "peakRssMiB");
            var cpu = Median(results["official"], "startupCpuMs") / Median(results["dm"], "startupCpuMs");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"official - dm: {rss:+0.0;-0.0} MiB peak RSS, {cpu:0.0}x CPU to the first answer"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Median(List<JsonObject> runs, string field)
    {
        var values = runs.Select(r => (double)r[field]!).Order().ToList();
        return values[values.Count / 2];
    }

    private static async Task<JsonObject> RunProbeAsync(string probe, string mode, string kubeconfig, string @namespace, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(probe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { mode, kubeconfig, @namespace, ConfigMaps.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{probe} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{probe} {mode} exited with {process.ExitCode}: {await stderr}");
        }

        return JsonNode.Parse((await stdout).Trim())!.AsObject();
    }

    /// <summary>The probe is built next to this project (same configuration) and run from its own output folder.</summary>
    private static string ProbePath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // .../tests/Benchmarks/bin/<Configuration>/<tfm>
        var configuration = output.Parent!.Name;
        var project = output.Parent.Parent!.Parent!.FullName;
        var probe = Path.Combine(project, "ClientProbe", "bin", configuration, output.Name, "Dm.ClientProbe");
        return File.Exists(probe)
            ? probe
            : throw new FileNotFoundException($"the client probe is not built; run: dotnet build -c {configuration} tests/Benchmarks", probe);
    }
}
