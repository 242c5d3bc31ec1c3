using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dm.Aggregator;
using Dm.ClusterSimulator;
using Dm.Deployer.Hosting;
using Dm.GitFixture;
using Dm.Transitioner.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Playground;

/// <summary>
/// The whole of DM in one process on loopback: a resource repo seeded from a GitFixture YAML, two simulated clusters
/// (contexts <c>playground</c> for dev/pp and <c>playground-prod</c> for prod), the deployer, the transitioner and the
/// aggregator, each waking the others after its commits. The playground and the whole-system tests both start it here.
/// </summary>
public sealed class PlaygroundSystem : IAsyncDisposable
{
    /// <summary>Kubeconfig context of the cluster of dev and pp.</summary>
    public const string MainContext = "playground";

    /// <summary>Kubeconfig context of the prod cluster.</summary>
    public const string ProdContext = "playground-prod";

    private readonly ILoggerFactory _loggerFactory;

    private PlaygroundSystem(
        string directory,
        bool seeded,
        Simulator mainCluster,
        Simulator prodCluster,
        DeployerHost deployer,
        TransitionerHost transitioner,
        AggregatorHost aggregator,
        ILoggerFactory loggerFactory)
    {
        Directory = directory;
        Seeded = seeded;
        MainCluster = mainCluster;
        ProdCluster = prodCluster;
        Deployer = deployer;
        Transitioner = transitioner;
        Aggregator = aggregator;
        _loggerFactory = loggerFactory;
    }

    public string Directory { get; }

    /// <summary>True when this start created the resource repo; false when it resumed an existing one.</summary>
    public bool Seeded { get; }

    /// <summary>The bare resource repo every daemon reads and writes.</summary>
    public string RepoPath => RepoPathIn(Directory);

    public string KubeconfigPath => Path.Combine(Directory, "kubeconfig");

    public Simulator MainCluster { get; }

    public Simulator ProdCluster { get; }

    public DeployerHost Deployer { get; }

    public TransitionerHost Transitioner { get; }

    public AggregatorHost Aggregator { get; }

    /// <summary>Starts everything; throws <see cref="PortInUseException"/> when the aggregator's port is taken.</summary>
    public static async Task<PlaygroundSystem> StartAsync(PlaygroundOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(directory);
        var aggregatorPort = ReservePort(options.Port);
        var loggerFactory = options.LogLevel is { } level
            ? LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(level))
            : NullLoggerFactory.Instance;

        var repoPath = RepoPathIn(directory);
        var seeded = false;
        if (!System.IO.Directory.Exists(repoPath) || !System.IO.Directory.EnumerateFileSystemEntries(repoPath).Any())
        {
            await FixtureRepository.CreateAsync(options.FixtureYaml, repoPath, cancellationToken);
            seeded = true;
        }

        var started = new List<IAsyncDisposable>();
        try
        {
            var main = await Simulator.StartAsync(SimulatorOptions(MainContext, options), cancellationToken);
            started.Add(main);
            var prod = await Simulator.StartAsync(SimulatorOptions(ProdContext, options), cancellationToken);
            started.Add(prod);
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            KubeconfigWriter.Write(kubeconfig, [new KubeconfigContext(MainContext, main), new KubeconfigContext(ProdContext, prod)]);

            var mirrors = Path.Combine(directory, "mirrors");
            var deployer = await DeployerHost.StartAsync(
                o =>
                {
                    o.RepoUrl = repoPath;
                    o.CheckoutPath = Path.Combine(mirrors, "deployer");
                    o.Kubeconfig = kubeconfig;
                    o.PollInterval = options.PollInterval;
                    o.HealthCheckInterval = options.HealthCheckInterval;
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(500);
                    o.RetryMaxDelay = TimeSpan.FromSeconds(5);
                },
                0,
                cancellationToken,
                logging: b => b.AddProvider(new FactoryLoggerProvider(loggerFactory)));
            started.Add(deployer);

            var aggregatorUrl = $"http://127.0.0.1:{aggregatorPort.ToString(CultureInfo.InvariantCulture)}/";
            var transitionerOptions = new TransitionerOptions
            {
                RepoUrl = repoPath,
                CheckoutPath = Path.Combine(mirrors, "transitioner"),
                DeployerUrl = deployer.BaseAddress.ToString(),
                PollInterval = options.PollInterval,
                ApiPort = 0,
                NotifyUrls = [deployer.BaseAddress.ToString(), aggregatorUrl],
            };
            var transitioner = await TransitionerHost.StartAsync(transitionerOptions, null, new FactoryLoggerProvider(loggerFactory), runLoop: true, cancellationToken);
            started.Add(transitioner);

            var seconds = options.PollInterval.ToString("c", CultureInfo.InvariantCulture);
            var settings = new Dictionary<string, string?>
            {
                ["aggregator:repoUrl"] = repoPath,
                ["aggregator:checkoutPath"] = Path.Combine(mirrors, "aggregator"),
                ["aggregator:pollInterval"] = seconds,
                ["aggregator:statusInterval"] = seconds,
                ["aggregator:auth"] = AuthModes.None,
                ["aggregator:deployerUrl"] = deployer.BaseAddress.ToString(),
                ["aggregator:transitionerUrl"] = transitioner.BaseAddress.ToString(),
                ["aggregator:notifyUrls:0"] = deployer.BaseAddress.ToString(),
                ["aggregator:notifyUrls:1"] = transitioner.BaseAddress.ToString(),
            };
            if (options.UiFolder is { } ui && File.Exists(Path.Combine(ui, "index.html")))
            {
                settings["aggregator:uiFolder"] = Path.GetFullPath(ui);
            }

            AggregatorHost aggregator;
            try
            {
                aggregator = await AggregatorHost.StartAsync(settings, aggregatorUrl, null, cancellationToken);
            }
            catch (IOException e)
            {
                throw new PortInUseException(aggregatorPort, e);
            }

            return new PlaygroundSystem(directory, seeded, main, prod, deployer, transitioner, aggregator, loggerFactory);
        }
        catch
        {
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].DisposeAsync();
            }

            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>The simulator that runs <paramref name="context"/>'s cluster.</summary>
    public Simulator Cluster(string context) => context == ProdContext ? ProdCluster : MainCluster;

    /// <summary>Stops the writers first (aggregator, transitioner, deployer), then the clusters.</summary>
    public async ValueTask DisposeAsync()
    {
        await Aggregator.DisposeAsync();
        await Transitioner.DisposeAsync();
        await Deployer.DisposeAsync();
        await ProdCluster.DisposeAsync();
        await MainCluster.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private static string RepoPathIn(string directory) => Path.Combine(directory, "repo.git");

    private static SimulatorOptions SimulatorOptions(string name, PlaygroundOptions options) => new()
    {
        ClusterName = name,
        RolloutSpeed = options.RolloutSpeed,
    };

    /// <summary>Checks that <paramref name="port"/> is free on loopback (0: finds a free one) and returns it.</summary>
    private static int ReservePort(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new PortInUseException(port, e);
        }
        finally
        {
            listener.Stop();
        }
    }
}
