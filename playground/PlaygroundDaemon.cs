namespace Dm.Playground;

/// <summary>One of the three DM daemons of a <see cref="PlaygroundSystem"/>, to stop and start on its own.</summary>
public enum PlaygroundDaemon
{
    Deployer,
    Transitioner,
    Aggregator,
}
