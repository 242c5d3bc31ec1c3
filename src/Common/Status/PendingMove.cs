namespace Dm.Status;

/// <summary>A resource a transition would move now: its version in the target and the version it would get.</summary>
public sealed record PendingMove(string Resource, string? From, string To);
