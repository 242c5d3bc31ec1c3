namespace Dm.Aggregator.Notifications;

/// <summary>A receiver's secrets are missing or unreadable; the message names what (never a secret's value).</summary>
public sealed class ReceiverNotConfiguredException(string message) : Exception(message);
