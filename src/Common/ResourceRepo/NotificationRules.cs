namespace Dm.ResourceRepo;

/// <summary>
/// <c>notifications.yaml</c>: the receivers and which events each gets. A receiver or subscription with any error is
/// left out (reported as a repo error), so a broken entry sends nothing rather than something wrong.
/// </summary>
public sealed record NotificationRules(IReadOnlyList<NotificationReceiver> Receivers, IReadOnlyList<NotificationSubscription> Subscriptions)
{
    public const string FileName = "notifications.yaml";

    public static NotificationRules None { get; } = new([], []);

    /// <summary>The receivers (each once, in file order) that an event of <paramref name="type"/> goes to.</summary>
    public IReadOnlyList<NotificationReceiver> ReceiversFor(string type, string? environment, string? resource)
    {
        var names = Subscriptions.Where(s => s.Matches(type, environment, resource)).Select(s => s.Receiver).ToHashSet(StringComparer.Ordinal);
        return [.. Receivers.Where(r => names.Contains(r.Name))];
    }
}
