namespace Dm.Status;

/// <summary>The outcome of a transition's last evaluation.</summary>
public sealed record TransitionRun(
    DateTimeOffset Time,
    TransitionResult Result,
    string? Reason,
    string Message,
    string? Commit);
