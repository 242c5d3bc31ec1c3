using System.Text.Json;
using Dm.Status;

namespace Dm.Aggregator.Notifications;

/// <summary>
/// What the aggregator has turned into notifications, persisted so a restart neither sends an old event again nor
/// loses one: the last commit whose events were queued, the rollout and approval marks last seen, and the deliveries
/// still pending. Null marks mean "no baseline yet" (the next report is taken as it is, without events).
/// </summary>
public sealed record NotificationJournal(
    string? Commit,
    IReadOnlyDictionary<string, RolloutMark>? Rollouts,
    IReadOnlyDictionary<string, string>? Approvals,
    IReadOnlyList<PendingDelivery> Pending)
{
    public static NotificationJournal Empty { get; } = new(null, null, null, []);

    /// <summary>The journal in <paramref name="path"/>, or <see cref="Empty"/> when there is none or it cannot be read (the reason goes to <paramref name="problem"/>).</summary>
    public static NotificationJournal Load(string? path, out string? problem)
    {
        problem = null;
        if (path is null || !File.Exists(path))
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<NotificationJournal>(File.ReadAllBytes(path), DmJson.Options) ?? Empty;
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            problem = ex.Message;
            return Empty;
        }
    }

    /// <summary>Writes the journal to <paramref name="path"/> atomically (a temp file renamed over it).</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, DmJson.Options));
        File.Move(temp, path, overwrite: true);
    }
}
