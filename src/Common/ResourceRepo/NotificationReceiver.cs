namespace Dm.ResourceRepo;

/// <summary>
/// A receiver in <c>notifications.yaml</c>: its name (the key its secrets are configured under in the daemon's config),
/// its type, and the non-secret settings the repo may carry (<c>apiUrl</c> and <c>context</c> for commit statuses).
/// </summary>
/// <param name="Name">The receiver's name.</param>
/// <param name="Type">One of <see cref="NotificationReceiverTypes"/>.</param>
/// <param name="ApiUrl">API base of a commit-status receiver (default: the public GitHub / GitLab API), or null.</param>
/// <param name="Context">The commit status context (GitHub, Gitea) or name (GitLab); <c>{environment}</c> is replaced.</param>
public sealed record NotificationReceiver(string Name, string Type, Uri? ApiUrl, string? Context);
