namespace Dm.Aggregator.History;

/// <summary>
/// One commit of the resource repo read as an event. <see cref="Environment"/> is the environment written (the target
/// of promotions and transitions); <see cref="Moves"/> lists version changes; <see cref="Changelog"/> is the message
/// body (changelogs, reasons). Manual edits name the <see cref="Paths"/> they changed. A commit that carries several
/// changes (the aggregator batches queued writes) is one event per change, numbered by <see cref="Part"/> in the order
/// they were applied (0 for the first, and for every single-change commit).
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
    IReadOnlyList<string>? Paths,
    int Part = 0)
{
    /// <summary>Identifies the event: the commit id, with <c>:part</c> for the later changes of a batched commit.</summary>
    public string Id => Part == 0 ? Commit : $"{Commit}:{Part}";
}
