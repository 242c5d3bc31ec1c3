using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dm.Common.Tests.Git;

/// <summary>Keeps every log entry as text: the formatted message, each structured value, and scope values.</summary>
public sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        _entries.Enqueue("scope: " + Describe(state));
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue($"{logLevel}: {formatter(state, exception)} | {Describe(state)} | {exception}");

    private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
        ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
        : state is IEnumerable<KeyValuePair<string, object>> objects
            ? string.Join("; ", objects.Select(p => $"{p.Key}={p.Value}"))
            : state?.ToString() ?? string.Empty;
}
