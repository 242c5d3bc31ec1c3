using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Dm.ClusterSimulator;

/// <summary>How a <see cref="ClusterSimulator"/> listens, authenticates and how fast its rollouts run.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Serve HTTPS with a generated CA and a server certificate for 127.0.0.1 and localhost.</summary>
    public bool UseTls { get; init; }

    /// <summary>
    /// With <see cref="UseTls"/>: the CA (a certificate with its ECDSA private key) that signs the server certificate
    /// and client certificates, instead of one generated at start (a test's own private CA, say). The simulator keeps
    /// copies; the caller still owns this one.
    /// </summary>
    public X509Certificate2? CertificateAuthority { get; init; }

    public SimulatorAuthMode Auth { get; init; } = SimulatorAuthMode.None;

    public IReadOnlyList<string> BearerTokens { get; init; } = [];

    /// <summary>The clock of the rollout controller, watch timeouts, bookmarks and timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Simulated seconds per real second: 10 makes a pod ready in 0.2 s and a 600 s progress deadline last 60 s.</summary>
    public double RolloutSpeed { get; init; } = 1.0;

    /// <summary>Simulated seconds a pod takes from creation to ready.</summary>
    public double PodReadySeconds { get; init; } = 2.0;

    /// <summary>How often the rollout controller looks at the cluster (real time).</summary>
    public TimeSpan ControllerInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    public string ClusterName { get; init; } = "simulator";

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Seed of the fault-injection and name-suffix random generators.</summary>
    public int FaultSeed { get; init; } = 42;

    /// <summary>How many events the watch history keeps; watching from an older resourceVersion gets 410 Expired.</summary>
    public int WatchHistorySize { get; init; } = 20_000;

    /// <summary>Interval of BOOKMARK events on watches that allow them.</summary>
    public TimeSpan WatchBookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run the rollout controller (off for pure API tests that want no background writes).</summary>
    public bool RunControllers { get; init; } = true;
}
