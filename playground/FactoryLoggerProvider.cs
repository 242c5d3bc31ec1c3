using Microsoft.Extensions.Logging;

namespace Dm.Playground;

/// <summary>Hands out the loggers of one shared <see cref="ILoggerFactory"/>: each daemon host's logging hook adds one, so all three log alike.</summary>
internal sealed class FactoryLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the playground system, which disposes it last.
    }
}
