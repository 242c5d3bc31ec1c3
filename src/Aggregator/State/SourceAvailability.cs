namespace Dm.Aggregator.State;

/// <summary>Whether a daemon's status could be read: not configured, available, or unavailable with the reason.</summary>
public sealed record SourceAvailability(bool Configured, bool Available, string? Message, DateTimeOffset? CheckedAt)
{
    public static SourceAvailability NotConfigured { get; } = new(false, false, "not configured", null);
}
