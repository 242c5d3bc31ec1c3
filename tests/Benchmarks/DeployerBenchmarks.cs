using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dm.ClusterSimulator;
using Dm.Deployer.Hosting;
using Dm.Deployer.Reconcile;
using Dm.Git;
using Dm.GitFixture;
using Dm.Hosting;
using Dm.Status;
using Dm.TestSupport;
using Microsoft.Extensions.Logging;

namespace Dm.Benchmarks;

/// <summary>
/// The deployer against the ClusterSimulator: 3 environments × 1,000 resources (950 templated ConfigMaps, 50 Deployments
/// each): first full sync (≤ 15 s), a no-change round (≤ 100 ms, 0 writes), one changed version applied after
/// <c>POST /api/refresh</c> (≤ 300 ms), the RSS of the deployer binary run as its own process (≤ 200 MB), and the naive <c>kubectl apply --server-side -f dir</c> of
/// one whole environment for the one-change case.
/// </summary>
public sealed class DeployerBenchmarks : IBenchmark
{
    public DeployerBenchmarks()
        : this(3, 1_000, 50, 0, 0, (15, 100, 300, 200))
    {
    }

    /// <summary>Another shape (the scale benchmark): per environment the first resources are Deployments, then Services, then custom resources, the rest ConfigMaps.</summary>
    internal DeployerBenchmarks(int environments, int resources, int deployments, int services, int customResources, (double SyncSeconds, double NoChangeMs, double ChangeMs, double RssMb) targets)
    {
        Targets = targets;
        Environments = environments;
        ResourcesPerEnvironment = resources;
        DeploymentsPerEnvironment = deployments;
        ServicesPerEnvironment = services;
        CustomResourcesPerEnvironment = customResources;
    }

    private (double SyncSeconds, double NoChangeMs, double ChangeMs, double RssMb) Targets { get; }

    private int Environments { get; }

    private int ResourcesPerEnvironment { get; }

    private int DeploymentsPerEnvironment { get; }

    private int ServicesPerEnvironment { get; }

    private int CustomResourcesPerEnvironment { get; }

    public string Name => "deployer";

    public string Description => "deployer: 3 envs x 1,000 resources: full sync <= 15 s, no-change round <= 100 ms / 0 writes, one change <= 300 ms, deployer process RSS <= 200 MB, vs kubectl apply";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        await RunInAsync(directory.Path, output, full: true, cancellationToken);
    }

    /// <summary>Steps 1–4 (sync, no-change rounds, one change, memory in this process), and with <paramref name="full"/> kubectl and the deployer's own process too.</summary>
    internal async Task RunShapeAsync(TextWriter output, bool full, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        await RunInAsync(directory.Path, output, full, cancellationToken);
    }

    /// <summary>
    /// The deployer process as shipped (Dm.Deployer.runtimeconfig.json caps the GC's gen0 budget at 16 MB, see
    /// docs/deployer.md), then with <c>DOTNET_GCGen0MaxBudget=0</c>, which gives back the runtime's own budget (sized from
    /// the L3 cache: ~80 MB on a VM reporting 300 MiB), to show what the cap saves and costs.
    /// </summary>
    private async Task MeasureDeployerProcessesAsync(string directory, string repoUrl, TextWriter output, CancellationToken cancellationToken)
    {
        await MeasureDeployerProcessAsync(directory, repoUrl, "as shipped", new Dictionary<string, string>(), checkTarget: true, output, cancellationToken);
        await MeasureDeployerProcessAsync(directory, repoUrl, "for comparison: DOTNET_GCGen0MaxBudget=0, the runtime's own gen0 budget", new Dictionary<string, string> { ["DOTNET_GCGen0MaxBudget"] = "0" }, checkTarget: false, output, cancellationToken);
    }

    private async Task RunInAsync(string directory, TextWriter output, bool full, CancellationToken cancellationToken)
    {
        await using var sim = await ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RolloutSpeed = 20, WatchHistorySize = 1_000 }, cancellationToken);
        var kubeconfig = sim.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), "bench");
        var files = new Dictionary<string, string>
        {
            ["deployers.yaml"] = "deployers:\n" + string.Concat(Enumerable.Range(1, Environments).Select(e => $"  env{e}:\n    type: Kubernetes\n    context: bench\n    namespace: env{e}\n    createNamespace: true\n    prune: true\n")),
        };
        for (var e = 1; e <= Environments; e++)
        {
            for (var r = 0; r < ResourcesPerEnvironment; r++)
            {
                var name = $"svc{r:D4}";
                files[$"env{e}/base/{name}.yaml"] = r < DeploymentsPerEnvironment ? DeploymentBase(name)
                    : r < DeploymentsPerEnvironment + ServicesPerEnvironment ? ServiceBase(name)
                    : r < DeploymentsPerEnvironment + ServicesPerEnvironment + CustomResourcesPerEnvironment ? WidgetBase(name)
                    : ConfigMapBase(name);
                files[$"env{e}/version/{name}.yaml"] = $"version: \"1.0.{r}\"\nimage: registry.example.com/{name}:1.0.{r}\n";
            }
        }

        if (CustomResourcesPerEnvironment > 0)
        {
            files["env1/deployable/widgets-crd.yaml"] = WidgetDefinition;
        }

        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "init", null, files)]), Path.Combine(directory, "repo.git"), cancellationToken);
        await using var writer = await GitRepository.OpenAsync(new GitRepositoryOptions(repo.GitDirectory, Path.Combine(directory, "writer.git")), cancellationToken);
        if (Environment.GetEnvironmentVariable("DM_SCALE_STEPS") == "process")
        {
            // Only the deployer's own process as shipped (its RSS), e.g. while working on its memory.
            await MeasureDeployerProcessAsync(directory, repo.GitDirectory, "as shipped", new Dictionary<string, string>(), checkTarget: true, output, cancellationToken);
            return;
        }

        var before = Process.GetCurrentProcess().WorkingSet64;
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        // 1. First full sync.
        var clock = Stopwatch.StartNew();
        await using var host = await DeployerHost.StartAsync(
            o =>
            {
                o.RepoUrl = repo.GitDirectory;
                o.CheckoutPath = Path.Combine(directory, "deployer.git");
                o.Kubeconfig = kubeconfig;
                o.PollInterval = TimeSpan.FromMinutes(10);
                o.HealthCheckInterval = TimeSpan.FromMilliseconds(200);
                o.ApplyConcurrency = 8;
            },
            port: 0,
            cancellationToken,
            logging: Environment.GetEnvironmentVariable("DM_BENCH_LOG") == "1"
                ? b => b.AddSimpleConsole().AddFilter("Dm.Deployer", Microsoft.Extensions.Logging.LogLevel.Debug).AddFilter("Microsoft", Microsoft.Extensions.Logging.LogLevel.Warning).AddFilter("Dm.Domain", Microsoft.Extensions.Logging.LogLevel.Warning)
                : null);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var store = (DeployerStatusStore)host.Services.GetService(typeof(DeployerStatusStore))!;
        var init = repo.CommitId("init");
        await WaitAsync(store, r => AllAt(r, init, EnvironmentState.Clean, EnvironmentState.Progressing), TimeSpan.FromMinutes(3), cancellationToken);
        var applied = clock.Elapsed;
        await WaitAsync(store, r => AllAt(r, init, EnvironmentState.Clean), TimeSpan.FromMinutes(3), cancellationToken);
        var clean = clock.Elapsed;
        var writes = sim.RequestLog.Snapshot().Count(e => e.IsWrite && !e.IsDryRun);
        Print(output, $"first full sync ({Environments} x {ResourcesPerEnvironment:N0}): all applied {applied.TotalSeconds:0.00} s, all Clean {clean.TotalSeconds:0.00} s, {writes:N0} writes", $"<= {Targets.SyncSeconds} s", applied <= TimeSpan.FromSeconds(Targets.SyncSeconds));

        // 2. No-change rounds.
        var rounds = new List<double>();
        var reconcile = new List<double>();
        var mark = sim.RequestLog.Count;
        for (var i = 0; i < 5; i++)
        {
            var last = store.Report().Environments.Values.Min(e => e.LastReconciledAt);
            var (count, sum) = Totals(host);
            var round = Stopwatch.StartNew();
            await http.PostAsync(new Uri("api/refresh", UriKind.Relative), null, cancellationToken);
            await WaitAsync(store, r => r.Environments.Values.All(e => e.LastReconciledAt > last), TimeSpan.FromSeconds(30), cancellationToken);
            rounds.Add(round.Elapsed.TotalMilliseconds);
            var (count2, sum2) = Totals(host);
            reconcile.Add((sum2 - sum) / Math.Max(1, count2 - count) * 1000);
        }

        // The simulator logs a request once its response went out: let the last round's entries arrive before counting.
        for (var settled = sim.RequestLog.Count; ; settled = sim.RequestLog.Count)
        {
            await Task.Delay(100, cancellationToken);
            if (sim.RequestLog.Count == settled)
            {
                break;
            }
        }

        var noChangeWrites = sim.RequestLog.Snapshot().Skip(mark).Count(e => e.IsWrite && !e.IsDryRun);
        var noChangeReads = (double)sim.RequestLog.Snapshot().Skip(mark).Count(e => !e.IsWrite) / rounds.Count;
        rounds.Sort();
        reconcile.Sort();
        Print(output, $"no-change round: environment reconcile median {reconcile[2]:0} ms (refresh -> all {Environments} reconciled incl. git fetch: median {rounds[2]:0} ms), {noChangeWrites} writes, {noChangeReads:0.#} API reads per round (expected: one inventory GET per environment, {Environments})", $"<= {Targets.NoChangeMs} ms, 0 writes", reconcile[2] <= Targets.NoChangeMs && noChangeWrites == 0);

        // 3. One changed version, applied after POST /api/refresh.
        var changes = new List<double>();
        for (var i = 1; i <= 3; i++)
        {
            var version = $"2.0.{i}";
            var result = await writer.CommitAsync(
                new CommitRequest("svc0500 " + version, new GitIdentity("Bench", "bench@localhost")),
                [new FileChange.Put("env1/version/svc0500.yaml", $"version: \"{version}\"\nimage: registry.example.com/svc0500:{version}\n")],
                cancellationToken);
            var commit = ((CommitResult.Committed)result).CommitId;
            mark = sim.RequestLog.Count;
            var change = Stopwatch.StartNew();
            await http.PostAsync(new Uri("api/refresh", UriKind.Relative), null, cancellationToken);
            await WaitAsync(store, r => r.Environments["env1"].Revision == commit && r.Environments["env1"].Resources["svc0500"].Version == version && r.Environments["env1"].State == EnvironmentState.Clean, TimeSpan.FromSeconds(30), cancellationToken);
            changes.Add(change.Elapsed.TotalMilliseconds);
            var changeWrites = sim.RequestLog.Snapshot().Skip(mark).Count(e => e.IsWrite && !e.IsDryRun);
            if (changeWrites != 1)
            {
                output.WriteLine($"  note: {changeWrites} writes for one changed version");
            }
        }

        changes.Sort();
        Print(output, $"one changed version: refresh -> applied and Clean median {changes[1]:0} ms (runs: {string.Join(", ", changes.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))} ms), 1 write each", $"<= {Targets.ChangeMs} ms", changes[1] <= Targets.ChangeMs);

        // 4. Memory in this process (the simulator shares it, so this is only an indication; see 6. for the deployer alone).
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var working = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory in the benchmark process (deployer + simulator): managed heap +{(heapAfter - heapBefore) / 1048576.0:0} MB, working set {working / 1048576.0:0} MB (was {before / 1048576.0:0} MB before the deployer)"));

        if (!full)
        {
            return;
        }

        // 5. The naive way: kubectl apply --server-side of the whole environment for one change.
        var naiveDir = Path.Combine(directory, "naive");
        Directory.CreateDirectory(naiveDir);
        var snapshot = await writer.ReadSnapshotAsync(await writer.FetchAsync(cancellationToken), cancellationToken);
        var model = new Dm.ResourceRepo.ResourceRepoReader().Read(snapshot);
        foreach (var resource in model.FindEnvironment("env1")!.Resources.OfType<Dm.ResourceRepo.RenderedResource>())
        {
            foreach (var manifest in resource.Manifests)
            {
                var copy = manifest.Content.DeepClone().AsObject();
                copy["metadata"]!["namespace"] = "env1";
                await File.WriteAllTextAsync(Path.Combine(naiveDir, resource.Name + ".json"), copy.ToJsonString(), cancellationToken);
            }
        }

        var naive = Stopwatch.StartNew();
        var (code, error) = await RunKubectlAsync(kubeconfig, ["apply", "--server-side", "--force-conflicts", "--field-manager=naive", "-f", naiveDir], cancellationToken);
        naive.Stop();
        if (code != 0)
        {
            output.WriteLine($"  kubectl failed ({code}): {error[..Math.Min(300, error.Length)]}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"naive kubectl apply --server-side -f <env1 dir> ({ResourcesPerEnvironment:N0} objects): {naive.Elapsed.TotalMilliseconds:0} ms; DM one change {changes[1]:0} ms; ratio {naive.Elapsed.TotalMilliseconds / changes[1]:0.0}x"));

        // 6. The deployer alone: the real binary (`serve`) in its own process, a first sync of the same repo into a fresh
        // simulator, then no-change rounds; its resident set size is read from /proc.
        await MeasureDeployerProcessesAsync(directory, repo.GitDirectory, output, cancellationToken);
    }

    private async Task MeasureDeployerProcessAsync(string directory, string repoUrl, string label, IReadOnlyDictionary<string, string> environment, bool checkTarget, TextWriter output, CancellationToken cancellationToken)
    {
        var binary = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Dm.Deployer.exe" : "Dm.Deployer");
        if (!File.Exists(binary) || !OperatingSystem.IsLinux())
        {
            output.WriteLine("deployer process RSS: not measured (needs Linux /proc and the Dm.Deployer app host next to the benchmark)");
            return;
        }

        await using var sim = await ClusterSimulator.ClusterSimulator.StartAsync(new SimulatorOptions { RolloutSpeed = 20, WatchHistorySize = 1_000 }, cancellationToken);
        var kubeconfig = sim.WriteKubeconfig(Path.Combine(directory, "kubeconfig-process"), "bench");
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(binary, ["serve"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Deployer__RepoUrl"] = repoUrl;
        start.Environment["Deployer__CheckoutPath"] = Path.Combine(directory, $"process-{Guid.NewGuid():N}.git");
        start.Environment["Deployer__Kubeconfig"] = kubeconfig;
        start.Environment["Deployer__PollInterval"] = "00:10:00";
        start.Environment["Deployer__HealthCheckInterval"] = "00:00:00.2";
        start.Environment["Deployer__Port"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var knob in new[] { "DOTNET_GCgen0size", "DOTNET_GCGen0MaxBudget", "DOTNET_gcServer", "DOTNET_GCHeapHardLimit" })
        {
            start.Environment.Remove(knob);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var peakSampled = 0L;
        try
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                peakSampled = Math.Max(peakSampled, Rss(process.Id, "VmRSS"));
                if (process.HasExited)
                {
                    output.WriteLine($"deployer process exited with {process.ExitCode}: {(await errors)[..Math.Min(500, (await errors).Length)]}");
                    return;
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException("the deployer process did not finish its first sync in 3 minutes");
                }

                try
                {
                    var report = await StatusAsync(http, cancellationToken);
                    if (report.Environments.Count == Environments && report.Environments.Values.All(e => e.State is EnvironmentState.Clean or EnvironmentState.Progressing && e.Revision == report.Revision))
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(250, cancellationToken);
            }

            var synced = clock.Elapsed;
            var afterSync = Rss(process.Id, "VmRSS");
            for (var i = 0; i < 5; i++)
            {
                var last = (await StatusAsync(http, cancellationToken)).Environments.Values.Min(e => e.LastReconciledAt);
                await http.PostAsync(new Uri("api/refresh", UriKind.Relative), null, cancellationToken);
                while ((await StatusAsync(http, cancellationToken)).Environments.Values.Any(e => e.LastReconciledAt <= last))
                {
                    peakSampled = Math.Max(peakSampled, Rss(process.Id, "VmRSS"));
                    await Task.Delay(50, cancellationToken);
                }
            }

            var peak = Rss(process.Id, "VmHWM");
            var now = Rss(process.Id, "VmRSS");
            var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
            var figure = string.Create(CultureInfo.InvariantCulture, $"deployer process RSS ({label}; Dm.Deployer serve, own process, {Environments} x {ResourcesPerEnvironment:N0} first sync in {synced.TotalSeconds:0.0} s + 5 no-change rounds): peak {peak / 1024.0:0} MB (VmHWM), {afterSync / 1024.0:0} MB after the sync, {now / 1024.0:0} MB at the end; GC heap {MetricSample(metrics, "dotnet_gc_heap_size_bytes") / 1048576:0} MB, committed {MetricSample(metrics, "dotnet_gc_committed_bytes") / 1048576:0} MB, {MetricSample(metrics, "dotnet_gc_allocated_bytes_total") / 1048576:N0} MB allocated, GCs gen0/1/2 {MetricSample(metrics, "dotnet_collection_count_total{generation=\"0\"}"):0}/{MetricSample(metrics, "dotnet_collection_count_total{generation=\"1\"}"):0}/{MetricSample(metrics, "dotnet_collection_count_total{generation=\"2\"}"):0}, CPU {MetricSample(metrics, "process_cpu_seconds_total"):0.0} s");
            if (checkTarget && Environment.GetEnvironmentVariable("DM_SCALE_GCDUMP") is { Length: > 0 } dump)
            {
                // A heap count by type of the deployer after the rounds (needs dotnet-gcdump on PATH; forces a full GC).
                using var gcdump = Process.Start(new ProcessStartInfo("dotnet-gcdump", ["collect", "-p", process.Id.ToString(CultureInfo.InvariantCulture), "-o", dump]) { RedirectStandardOutput = true })!;
                await gcdump.StandardOutput.ReadToEndAsync(cancellationToken);
                await gcdump.WaitForExitAsync(cancellationToken);
                output.WriteLine($"gcdump of the deployer process: {dump} (exit {gcdump.ExitCode})");
            }

            if (checkTarget)
            {
                Print(output, figure, $"<= {Targets.RssMb} MB", peak / 1024.0 <= Targets.RssMb);
            }
            else
            {
                output.WriteLine(figure);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>One sample's value from a <c>/metrics</c> text (NaN when the series is missing).</summary>
    private static double MetricSample(string metrics, string series) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture)
            : double.NaN;

    /// <summary>A memory figure of a process from /proc/&lt;pid&gt;/status, in kB (0 when unreadable).</summary>
    private static long Rss(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private (long Count, double Sum) Totals(DaemonHost host)
    {
        var metrics = (Dm.Deployer.Reconcile.DeployerMetrics)host.Services.GetService(typeof(Dm.Deployer.Reconcile.DeployerMetrics))!;
        long count = 0;
        double sum = 0;
        for (var e = 1; e <= Environments; e++)
        {
            var series = metrics.ReconcileDuration.WithLabels($"env{e}");
            count += series.Count;
            sum += series.Sum;
        }

        return (count, sum);
    }

    private bool AllAt(DeployerStatusReport report, string revision, params EnvironmentState[] states) =>
        report.Environments.Count == Environments && report.Environments.Values.All(e => e.Revision == revision && states.Contains(e.State));

    private static async Task<DeployerStatusReport> StatusAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<DeployerStatusReport>(new Uri("api/status", UriKind.Relative), DmJson.Options, cancellationToken))!;

    /// <summary>
    /// Waits on the deployer's status store in the same process (what <c>GET /api/status</c> serves): polling the API
    /// every few milliseconds would serialize 3,000 resource statuses each time and steal the CPU being measured.
    /// </summary>
    private static async Task WaitAsync(DeployerStatusStore store, Func<DeployerStatusReport, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition(store.Report()))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException("the deployer did not reach the expected state in " + timeout);
            }

            await Task.Delay(2, cancellationToken);
        }
    }

    private static async Task<(int Code, string Error)> RunKubectlAsync(string kubeconfig, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static void Print(TextWriter output, string figure, string target, bool ok) =>
        output.WriteLine($"{figure}   target {target}   {(ok ? "OK" : "MISSED")}");

    private const string WidgetDefinition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.bench.example.com
        spec:
          group: bench.example.com
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    private static string ServiceBase(string name) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
          labels: {app: {{name}}, app.kubernetes.io/version: "${version}"}
        spec:
          selector: {app: {{name}}}
          ports:
          - {port: 80, targetPort: 8080}
        """;

    private static string WidgetBase(string name) => $$"""
        apiVersion: bench.example.com/v1
        kind: Widget
        metadata:
          name: {{name}}
        spec:
          version: "${version}"
          image: "${image}"
        """;

    private static string ConfigMapBase(string name) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          labels:
            app: {name}
        data:
          version: ${"{version}"}
          image: ${"{image}"}
        """;

    private static string DeploymentBase(string name) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
        spec:
          replicas: 1
          progressDeadlineSeconds: 600
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: app
                image: ${image}
        """;
}
