using Microsoft.Extensions.Logging;

namespace Dm.Playground;

/// <summary>Hands out the loggers of one shared <see cref="ILoggerFactory"/> (the transitioner's host takes a provider).</summary>
internal sealed class FactoryLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the playground system, which disposes it last.
    }
}
