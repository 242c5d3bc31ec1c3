namespace Dm.Benchmarks;

/// <summary>
/// The deployer at scale on the simulator: 5 environments × 1,000 and then × 10,000 resources (2 % Deployments, 2 %
/// Services, 0.5 % custom resources of one CRD kind, the rest ConfigMaps), the same steps as <c>deployer</c> side by
/// side (cost should grow with what changed, not with the repo): first full sync, no-change round (≤ 200 ms, 0 writes),
/// one changed version applied and Clean (≤ 500 ms), memory in this process; at 10,000 the deployer binary in its own
/// process for its RSS (≤ 500 MB). Set <c>DM_SCALE_RESOURCES</c> (e.g. <c>1000</c>) to run one size only.
/// </summary>
public sealed class ScaleBenchmarks : IBenchmark
{
    private const int Environments = 5;

    public string Name => "scale";

    public string Description => "deployer at 5 envs x 1,000 and x 10,000 resources (Deployments, Services, ConfigMaps, a CRD kind): sync, no-change <= 200 ms, one change <= 500 ms, RSS <= 500 MB";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var sizes = Environment.GetEnvironmentVariable("DM_SCALE_RESOURCES") is { Length: > 0 } only ? [int.Parse(only, System.Globalization.CultureInfo.InvariantCulture)] : new[] { 1_000, 10_000 };
        foreach (var size in sizes)
        {
            output.WriteLine($"  -- {Environments} x {size:N0} resources, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            var shape = new DeployerBenchmarks(Environments, size, size / 50, size / 50, size / 200, (SyncSeconds: size / 100.0, NoChangeMs: 200, ChangeMs: 500, RssMb: 500));
            await shape.RunShapeAsync(output, full: size >= 10_000, cancellationToken);
        }

        output.WriteLine($"  load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
