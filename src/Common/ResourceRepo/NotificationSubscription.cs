namespace Dm.ResourceRepo;

/// <summary>
/// One subscription in <c>notifications.yaml</c>: which events go to <paramref name="Receiver"/>. An empty list matches
/// everything; resource patterns take <c>*</c> for any run of characters.
/// </summary>
public sealed record NotificationSubscription(
    string Receiver,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Resources)
{
    public bool Matches(string type, string? environment, string? resource) =>
        (Events.Count == 0 || Events.Contains(type, StringComparer.Ordinal))
        && (Environments.Count == 0 || (environment is not null && Environments.Contains(environment, StringComparer.Ordinal)))
        && (Resources.Count == 0 || (resource is not null && Resources.Any(p => NamePattern.Matches(p, resource))));
}
