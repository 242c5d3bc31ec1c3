namespace Dm.Playground;

/// <summary>How the playground runs: where it keeps its files, which port the UI gets, the seed and the speeds.</summary>
public sealed record PlaygroundOptions
{
    /// <summary>Folder of the resource repo, the daemons' mirrors and the kubeconfig.</summary>
    public required string Directory { get; init; }

    /// <summary>Port of the aggregator (the UI and the API); 0 picks a free one.</summary>
    public int Port { get; init; } = 5080;

    /// <summary>GitFixture YAML the resource repo is seeded from when it does not exist yet.</summary>
    public required string FixtureYaml { get; init; }

    /// <summary>How often every daemon polls the repo and the aggregator reads the others' status.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated seconds per real second of the simulated clusters' rollouts.</summary>
    public double RolloutSpeed { get; init; } = 20;

    /// <summary>Folder of the built UI; null or missing: the aggregator serves the API only.</summary>
    public string? UiFolder { get; init; }

    /// <summary>How often the deployer re-assesses rollouts in progress.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Where the playground's notification receiver prints each event it gets; null prints nothing.</summary>
    public TextWriter? NotificationOutput { get; init; }

    /// <summary>Minimum level of the daemons' console logs; null: no logs.</summary>
    public Microsoft.Extensions.Logging.LogLevel? LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
