namespace Dm.ResourceRepo;

/// <summary>The receiver types <c>notifications.yaml</c> knows.</summary>
public static class NotificationReceiverTypes
{
    /// <summary>A generic webhook: the event as JSON, optionally signed with HMAC-SHA256.</summary>
    public const string Webhook = "webhook";

    /// <summary>A Slack incoming webhook: a formatted message.</summary>
    public const string Slack = "slack";

    /// <summary>A Microsoft Teams or other chat incoming webhook taking <c>{"text": ...}</c> (Google Chat, Mattermost, ...).</summary>
    public const string Chat = "chat";

    /// <summary>Alias of <see cref="Chat"/>.</summary>
    public const string Teams = "teams";

    /// <summary>A GitHub commit status on the service's source commit.</summary>
    public const string GitHub = "github";

    /// <summary>A GitLab commit status on the service's source commit.</summary>
    public const string GitLab = "gitlab";

    /// <summary>A Gitea (or Forgejo) commit status on the service's source commit.</summary>
    public const string Gitea = "gitea";

    public static IReadOnlyList<string> All { get; } = [Webhook, Slack, Chat, Teams, GitHub, GitLab, Gitea];

    /// <summary>True for the commit-status receivers (they need the version file's <c>repo</c> and <c>commit</c>).</summary>
    public static bool IsCommitStatus(string type) => type is GitHub or GitLab or Gitea;
}
