using System.Net;
using System.Net.Sockets;
using Dm.Aggregator;
using Dm.Aggregator.Auth;
using Dm.Aggregator.Notifications;
using Dm.ClusterSimulator;
using Dm.Deployer.Hosting;
using Dm.Git;
using Dm.GitFixture;
using Dm.Hosting;
using Dm.Transitioner.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Playground;

/// <summary>
/// The whole of DM in one process on loopback: a resource repo seeded from a GitFixture YAML, two simulated clusters
/// (contexts <c>playground</c> for dev/pp and <c>playground-prod</c> for prod), the deployer, the transitioner and the
/// aggregator, each waking the others after its commits. The playground and the whole-system tests both start it here.
/// Each daemon can be stopped and started again on its own (<see cref="StopDaemonAsync"/>, <see cref="StartDaemonAsync"/>),
/// on the same port and with the same mirror folder, while the rest keeps running. Not thread-safe: stop and start
/// daemons from one caller at a time.
/// </summary>
public sealed class PlaygroundSystem : IAsyncDisposable
{
    /// <summary>Kubeconfig context of the cluster of dev and pp.</summary>
    public const string MainContext = "playground";

    /// <summary>Kubeconfig context of the prod cluster.</summary>
    public const string ProdContext = "playground-prod";

    private readonly PlaygroundOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private DaemonHost? _deployer;
    private DaemonHost? _transitioner;
    private DaemonHost? _aggregator;

    private PlaygroundSystem(string directory, bool seeded, Simulator mainCluster, Simulator prodCluster, PlaygroundReceiver receiver, PlaygroundOptions options, ILoggerFactory loggerFactory)
    {
        Receiver = receiver;
        Directory = directory;
        Seeded = seeded;
        MainCluster = mainCluster;
        ProdCluster = prodCluster;
        _options = options;
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

    /// <summary>The playground's notification receiver: <c>notifications.yaml</c> sends it every event.</summary>
    public PlaygroundReceiver Receiver { get; }

    /// <summary>The running deployer; throws while it is stopped.</summary>
    public DaemonHost Deployer => _deployer ?? throw Stopped(PlaygroundDaemon.Deployer);

    /// <summary>The running transitioner; throws while it is stopped.</summary>
    public DaemonHost Transitioner => _transitioner ?? throw Stopped(PlaygroundDaemon.Transitioner);

    /// <summary>The running aggregator; throws while it is stopped.</summary>
    public DaemonHost Aggregator => _aggregator ?? throw Stopped(PlaygroundDaemon.Aggregator);

    /// <summary>The deployer's base URL; it stays the same across restarts.</summary>
    public Uri DeployerAddress { get; private set; } = null!;

    /// <summary>The transitioner's base URL; it stays the same across restarts.</summary>
    public Uri TransitionerAddress { get; private set; } = null!;

    /// <summary>The aggregator's base URL (UI and API); it stays the same across restarts.</summary>
    public Uri AggregatorAddress { get; private set; } = null!;

    /// <summary>The bare mirror <paramref name="daemon"/> keeps of the resource repo, reused across restarts.</summary>
    public string MirrorPath(PlaygroundDaemon daemon) => Path.Combine(Directory, "mirrors", daemon switch
    {
        PlaygroundDaemon.Deployer => "deployer",
        PlaygroundDaemon.Transitioner => "transitioner",
        PlaygroundDaemon.Aggregator => "aggregator",
        _ => throw new ArgumentOutOfRangeException(nameof(daemon), daemon, null),
    });

    /// <summary>Starts everything; throws <see cref="PortInUseException"/> when the aggregator's port is taken.</summary>
    public static async Task<PlaygroundSystem> StartAsync(PlaygroundOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(directory);
        using var aggregatorPort = ReservePort(options.Port);
        using var transitionerPort = ReservePort(0); // the deployer, started first, tells the transitioner when a status moves
        var loggerFactory = options.LogLevel is { } level
            ? LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(level))
            : NullLoggerFactory.Instance;

        var repoPath = RepoPathIn(directory);
        // Nothing uses the resource repo before the daemons start: a lock file in it is what a killed git left.
        StaleGitLocks.Remove(repoPath, loggerFactory.CreateLogger<PlaygroundSystem>());
        var seeded = false;
        if (!System.IO.Directory.Exists(repoPath) || !System.IO.Directory.EnumerateFileSystemEntries(repoPath).Any())
        {
            await FixtureRepository.CreateAsync(options.FixtureYaml, repoPath, cancellationToken);
            seeded = true;
        }

        Simulator? main = null;
        Simulator? prod = null;
        PlaygroundReceiver? receiver = null;
        PlaygroundSystem? system = null;
        try
        {
            receiver = await PlaygroundReceiver.StartAsync(options.NotificationOutput is { } output ? TextWriter.Synchronized(output) : null, cancellationToken);
            main = await Simulator.StartAsync(SimulatorOptions(MainContext, options), cancellationToken);
            prod = await Simulator.StartAsync(SimulatorOptions(ProdContext, options), cancellationToken);
            KubeconfigWriter.Write(Path.Combine(directory, "kubeconfig"), [new KubeconfigContext(MainContext, main), new KubeconfigContext(ProdContext, prod)]);
            system = new PlaygroundSystem(directory, seeded, main, prod, receiver, options, loggerFactory)
            {
                AggregatorAddress = LoopbackUrl(((IPEndPoint)aggregatorPort.LocalEndpoint).Port),
                TransitionerAddress = LoopbackUrl(((IPEndPoint)transitionerPort.LocalEndpoint).Port),
            };

            // Order matters for the first start: the transitioner needs the deployer's URL, the aggregator both (the
            // deployer gets the transitioner's and the aggregator's from the ports reserved above).
            await system.StartDaemonAsync(PlaygroundDaemon.Deployer, cancellationToken);
            transitionerPort.Stop();
            await system.StartDaemonAsync(PlaygroundDaemon.Transitioner, cancellationToken);
            aggregatorPort.Stop();
            await system.StartDaemonAsync(PlaygroundDaemon.Aggregator, cancellationToken);
            return system;
        }
        catch
        {
            if (system is not null)
            {
                await system.DisposeAsync();
            }
            else
            {
                if (prod is not null)
                {
                    await prod.DisposeAsync();
                }

                if (main is not null)
                {
                    await main.DisposeAsync();
                }

                if (receiver is not null)
                {
                    await receiver.DisposeAsync();
                }

                loggerFactory.Dispose();
            }

            throw;
        }
    }

    /// <summary>The simulator that runs <paramref name="context"/>'s cluster.</summary>
    public Simulator Cluster(string context) => context == ProdContext ? ProdCluster : MainCluster;

    public bool IsRunning(PlaygroundDaemon daemon) => daemon switch
    {
        PlaygroundDaemon.Deployer => _deployer is not null,
        PlaygroundDaemon.Transitioner => _transitioner is not null,
        PlaygroundDaemon.Aggregator => _aggregator is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(daemon), daemon, null),
    };

    /// <summary>
    /// Stops one daemon as its host shuts down: its loop is cancelled (a git command or cluster request in flight is
    /// abandoned), its port closes. Its mirror folder stays. Stopping a stopped daemon does nothing.
    /// </summary>
    public async Task StopDaemonAsync(PlaygroundDaemon daemon)
    {
        switch (daemon)
        {
            case PlaygroundDaemon.Deployer when _deployer is { } deployer:
                _deployer = null;
                await deployer.DisposeAsync();
                break;
            case PlaygroundDaemon.Transitioner when _transitioner is { } transitioner:
                _transitioner = null;
                await transitioner.DisposeAsync();
                break;
            case PlaygroundDaemon.Aggregator when _aggregator is { } aggregator:
                _aggregator = null;
                await aggregator.DisposeAsync();
                break;
        }
    }

    /// <summary>
    /// Starts one daemon with the playground's settings, on the port it had before (the others' URLs for it stay
    /// right) and with its existing mirror folder. Throws <see cref="InvalidOperationException"/> when it runs already
    /// and <see cref="PortInUseException"/> when its port was taken meanwhile.
    /// </summary>
    public async Task StartDaemonAsync(PlaygroundDaemon daemon, CancellationToken cancellationToken)
    {
        if (IsRunning(daemon))
        {
            throw new InvalidOperationException($"The {daemon} runs already; stop it first.");
        }

        // Lock files a killed git left in this daemon's mirror: the git layer removes them when the daemon claims it.
        Action<ILoggingBuilder> logging = b => b.AddProvider(new FactoryLoggerProvider(_loggerFactory));
        var repoPath = RepoPath;
        var poll = _options.PollInterval;
        try
        {
            switch (daemon)
            {
                case PlaygroundDaemon.Deployer:
                    _deployer = await DeployerHost.StartAsync(
                        o =>
                        {
                            o.RepoUrl = repoPath;
                            o.CheckoutPath = MirrorPath(PlaygroundDaemon.Deployer);
                            o.Kubeconfig = KubeconfigPath;
                            o.PollInterval = poll;
                            o.HealthCheckInterval = _options.HealthCheckInterval;
                            o.RetryBaseDelay = TimeSpan.FromMilliseconds(500);
                            o.RetryMaxDelay = TimeSpan.FromSeconds(5);
                            o.NotifyUrls.Add(TransitionerAddress);
                            o.NotifyUrls.Add(AggregatorAddress);
                        },
                        DeployerAddress?.Port ?? 0,
                        cancellationToken,
                        logging: logging);
                    DeployerAddress = _deployer.BaseAddress;
                    break;
                case PlaygroundDaemon.Transitioner:
                    _transitioner = await TransitionerHost.StartAsync(
                        o =>
                        {
                            o.RepoUrl = repoPath;
                            o.CheckoutPath = MirrorPath(PlaygroundDaemon.Transitioner);
                            o.DeployerUrl = DeployerAddress.ToString();
                            o.PollInterval = poll;
                            o.NotifyUrls.Add(DeployerAddress.ToString());
                            o.NotifyUrls.Add(AggregatorAddress.ToString());
                        },
                        TransitionerAddress?.Port ?? 0,
                        cancellationToken,
                        logging: logging);
                    TransitionerAddress = _transitioner.BaseAddress;
                    break;
                case PlaygroundDaemon.Aggregator:
                    var ui = _options.UiFolder is { } folder && File.Exists(Path.Combine(folder, "index.html")) ? Path.GetFullPath(folder) : null;
                    _aggregator = await AggregatorHost.StartAsync(
                        o =>
                        {
                            o.RepoUrl = repoPath;
                            o.CheckoutPath = MirrorPath(PlaygroundDaemon.Aggregator);
                            o.PollInterval = poll;
                            o.StatusInterval = poll;
                            o.Auth = AuthModes.None;
                            o.DeployerUrl = DeployerAddress;
                            o.TransitionerUrl = TransitionerAddress;
                            o.NotifyUrls.Add(DeployerAddress);
                            o.NotifyUrls.Add(TransitionerAddress);
                            o.UiFolder = ui;
                            o.Notifications.UiUrl = AggregatorAddress;
                            o.Notifications.RetryMaxDelay = TimeSpan.FromSeconds(5);
                            o.Notifications.Receivers[PlaygroundReceiver.ReceiverName] = new ReceiverSecrets
                            {
                                Url = Receiver.WebhookUrl.ToString(),
                                SigningKey = PlaygroundReceiver.SigningKey,
                            };
                        },
                        AggregatorAddress.Port,
                        cancellationToken,
                        logging: logging);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(daemon), daemon, null);
            }
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            var port = daemon switch
            {
                PlaygroundDaemon.Deployer => DeployerAddress?.Port,
                PlaygroundDaemon.Transitioner => TransitionerAddress?.Port,
                _ => AggregatorAddress.Port,
            };
            throw new PortInUseException(port ?? 0, e);
        }
    }

    /// <summary>Stops one daemon and starts it again on the same port and folders.</summary>
    public async Task RestartDaemonAsync(PlaygroundDaemon daemon, CancellationToken cancellationToken)
    {
        await StopDaemonAsync(daemon);
        await StartDaemonAsync(daemon, cancellationToken);
    }

    /// <summary>Stops the writers first (aggregator, transitioner, deployer), then the clusters.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopDaemonAsync(PlaygroundDaemon.Aggregator);
        await StopDaemonAsync(PlaygroundDaemon.Transitioner);
        await StopDaemonAsync(PlaygroundDaemon.Deployer);
        await ProdCluster.DisposeAsync();
        await MainCluster.DisposeAsync();
        await Receiver.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private static InvalidOperationException Stopped(PlaygroundDaemon daemon) =>
        new($"The playground's {daemon} is stopped; start it again with StartDaemonAsync.");

    private static Uri LoopbackUrl(int port) => new($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/");

    private static string RepoPathIn(string directory) => Path.Combine(directory, "repo.git");

    private static SimulatorOptions SimulatorOptions(string name, PlaygroundOptions options) => new()
    {
        ClusterName = name,
        RolloutSpeed = options.RolloutSpeed,
    };

    /// <summary>
    /// Takes <paramref name="port"/> on loopback (0: a free one) and holds it until the caller stops the listener, so
    /// that nothing started meanwhile (the other daemons bind port 0) can be given it.
    /// </summary>
    private static TcpListener ReservePort(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            listener.Dispose();
            throw new PortInUseException(port, e);
        }
    }
}
