namespace Dm.Aggregator.Notifications;

/// <summary>One attempt failed; <see cref="Transient"/> ones (timeouts, 5xx, 408, 429, connection errors) are retried.</summary>
public sealed class DeliveryException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}
