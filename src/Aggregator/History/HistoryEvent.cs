namespace Dm.Aggregator.History;

/// <summary>
/// One commit of the resource repo read as an event. <see cref="Environment"/> is the environment written (the target
/// of promotions and transitions); <see cref="Moves"/> lists version changes; <see cref="Changelog"/> is the message
/// body (changelogs, reasons). Manual edits name the <see cref="Paths"/> they changed.
/// </summary>
public sealed record HistoryEvent(
    string Commit,
    DateTimeOffset Time,
    string Author,
    string Kind,
    string Subject,
    string? Environment,
    string? Resource,
    string? Version,
    string? Transition,
    string? Source,
    IReadOnlyList<HistoryMove> Moves,
    string? Changelog,
    string? By,
    IReadOnlyList<string>? Paths);
