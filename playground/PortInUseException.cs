namespace Dm.Playground;

/// <summary>The port asked for the aggregator (or a restarted daemon's port) is taken by another process.</summary>
public sealed class PortInUseException(int port, Exception inner)
    : Exception($"Port {port} on 127.0.0.1 is already in use; stop whatever listens there or pick another with --port.", inner)
{
    public int Port { get; } = port;
}
