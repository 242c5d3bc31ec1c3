using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.Notifications;

/// <summary>
/// Pure: what each receiver type is sent for an event. A webhook gets the event itself (signed when a key is set),
/// Slack a formatted message, a chat webhook (Teams, Google Chat, Mattermost) <c>{"text"}</c>, and GitHub, GitLab and
/// Gitea a commit status on the service's source commit. Null when the receiver has nothing to send for the event.
/// </summary>
public static class ReceiverRequests
{
    public const string EventHeader = "X-DM-Event";
    public const string DeliveryHeader = "X-DM-Delivery";
    public const string SignatureHeader = "X-DM-Signature-256";

    private static readonly Uri GitHubApi = new("https://api.github.com/");
    private static readonly Uri GitLabApi = new("https://gitlab.com/");

    /// <summary>
    /// Whether <paramref name="receiver"/> has anything to send for <paramref name="e"/>: always, except a commit-status
    /// receiver, which reports promotions and rollouts of versions whose version file names <c>repo</c> and <c>commit</c>.
    /// </summary>
    public static bool Sends(NotificationReceiver receiver, DmEvent e) =>
        !NotificationReceiverTypes.IsCommitStatus(receiver.Type)
        || (CommitState(receiver.Type, e.Type) is not null && e.SourceCommit is not null && e.SourceRepo is not null && RepositoryPath(e.SourceRepo) is not null);

    public static ReceiverRequest? Build(NotificationReceiver receiver, ResolvedSecrets secrets, DmEvent e, Uri? uiUrl)
    {
        if (!Sends(receiver, e))
        {
            return null;
        }

        switch (receiver.Type)
        {
            case NotificationReceiverTypes.Webhook:
                return Webhook(Url(receiver, secrets), secrets.SigningKey, e);
            case NotificationReceiverTypes.Slack:
                return Json(Url(receiver, secrets), e, Slack(e, uiUrl));
            case NotificationReceiverTypes.Chat or NotificationReceiverTypes.Teams:
                return Json(Url(receiver, secrets), e, new JsonObject { ["text"] = $"**{e.Type}**{Where(e)}: {e.Message}{Block(e.Details)}{Link(uiUrl)}" });
            default:
                return CommitStatus(receiver, secrets, e, uiUrl);
        }
    }

    /// <summary>The webhook body's signature: <c>sha256=</c> and the hex HMAC-SHA256 of the exact body bytes (GitHub's scheme).</summary>
    public static string Signature(string key, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    /// <summary>The <c>owner/name</c> (GitLab: <c>group/sub/name</c>) path of a repository given as a path, URL or scp-like address.</summary>
    public static string? RepositoryPath(string repo)
    {
        var text = repo.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
        {
            text = uri.AbsolutePath;
        }
        else if (text.Contains('@', StringComparison.Ordinal) && text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            text = text[(colon + 1)..];
        }

        text = text.Trim('/');
        if (text.EndsWith(".git", StringComparison.Ordinal))
        {
            text = text[..^4];
        }

        return text.Split('/').Length >= 2 && !text.Contains("..", StringComparison.Ordinal) ? text : null;
    }

    private static Uri Url(NotificationReceiver receiver, ResolvedSecrets secrets) =>
        secrets.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new ReceiverNotConfiguredException(secrets.Url is null
                ? $"no url configured for receiver {receiver.Name} (notifications.receivers.{receiver.Name}.url, urlFile or urlEnv in the aggregator's config)"
                : $"the url configured for receiver {receiver.Name} is not an http(s) URL");

    private static ReceiverRequest Webhook(Uri url, string? signingKey, DmEvent e)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(e, DmJson.Options);
        var headers = Headers(e);
        if (signingKey is not null)
        {
            headers.Add(new(SignatureHeader, Signature(signingKey, body)));
        }

        return new ReceiverRequest(url, headers, body);
    }

    private static ReceiverRequest Json(Uri url, DmEvent e, JsonObject body) =>
        new(url, Headers(e), Encoding.UTF8.GetBytes(body.ToJsonString()));

    private static List<KeyValuePair<string, string>> Headers(DmEvent e) =>
    [
        new(EventHeader, e.Type),
        new(DeliveryHeader, e.Id),
        new("Idempotency-Key", e.Id),
    ];

    private static JsonObject Slack(DmEvent e, Uri? uiUrl)
    {
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{Escape(e.Type)}*{Escape(Where(e))}\n{Escape(e.Message)}" },
            },
        };
        if (e.Details is { Length: > 0 } details)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "```" + Escape(details.Length > 2900 ? details[..2900] + "…" : details) + "```" },
            });
        }

        var context = new List<string>();
        if (e.Revision is { } revision)
        {
            context.Add($"revision `{revision[..Math.Min(12, revision.Length)]}`");
        }

        if (e.By is { } by)
        {
            context.Add($"by {Escape(by)}");
        }

        if (uiUrl is not null)
        {
            context.Add($"<{uiUrl}|DM board>");
        }

        if (context.Count > 0)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = string.Join(" · ", context) }),
            });
        }

        return new JsonObject { ["text"] = $"{e.Type}{Where(e)}: {e.Message}", ["blocks"] = blocks };
    }

    private static ReceiverRequest? CommitStatus(NotificationReceiver receiver, ResolvedSecrets secrets, DmEvent e, Uri? uiUrl)
    {
        var state = CommitState(receiver.Type, e.Type)!;
        var path = RepositoryPath(e.SourceRepo!)!;

        var token = secrets.Token ?? throw new ReceiverNotConfiguredException(
            $"no token configured for receiver {receiver.Name} (notifications.receivers.{receiver.Name}.token, tokenFile or tokenEnv in the aggregator's config)");
        var api = receiver.ApiUrl ?? (receiver.Type switch
        {
            NotificationReceiverTypes.GitHub => GitHubApi,
            NotificationReceiverTypes.GitLab => GitLabApi,
            _ => throw new ReceiverNotConfiguredException($"receiver {receiver.Name} ({receiver.Type}) needs apiUrl in notifications.yaml"),
        });
        var context = (receiver.Context ?? "dm/{environment}").Replace("{environment}", e.Environment ?? "-", StringComparison.Ordinal);
        var description = e.Message.Length > 140 ? e.Message[..139] + "…" : e.Message;
        var sha = Uri.EscapeDataString(e.SourceCommit!);
        var headers = Headers(e);
        var body = new JsonObject { ["state"] = state, ["description"] = description };
        if (uiUrl is not null)
        {
            body["target_url"] = uiUrl.ToString();
        }

        Uri url;
        switch (receiver.Type)
        {
            case NotificationReceiverTypes.GitHub:
                url = Under(api, $"repos/{path}/statuses/{sha}");
                headers.Add(new("Authorization", "Bearer " + token));
                headers.Add(new("Accept", "application/vnd.github+json"));
                headers.Add(new("X-GitHub-Api-Version", "2022-11-28"));
                body["context"] = context;
                break;
            case NotificationReceiverTypes.GitLab:
                url = Under(api, $"api/v4/projects/{Uri.EscapeDataString(path)}/statuses/{sha}");
                headers.Add(new("PRIVATE-TOKEN", token));
                body["name"] = context;
                break;
            default:
                url = Under(api, $"api/v1/repos/{path}/statuses/{sha}");
                headers.Add(new("Authorization", "token " + token));
                body["context"] = context;
                break;
        }

        return new ReceiverRequest(url, headers, Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    /// <summary>The commit status an event sets (GitLab's and Gitea's own words where they differ), or null for events it does not report.</summary>
    private static string? CommitState(string receiverType, string eventType)
    {
        var gitlab = receiverType == NotificationReceiverTypes.GitLab;
        return eventType switch
        {
            DmEventTypes.Promoted => gitlab ? "running" : "pending",
            DmEventTypes.RolloutSucceeded => "success",
            DmEventTypes.RolloutFailed => gitlab ? "failed" : "failure",
            DmEventTypes.RolloutDegraded => gitlab ? "failed" : receiverType == NotificationReceiverTypes.Gitea ? "warning" : "failure",
            _ => null,
        };
    }

    private static Uri Under(Uri api, string relative) =>
        new(api.ToString().TrimEnd('/') + "/" + relative, UriKind.Absolute);

    private static string Where(DmEvent e) => (e.Environment, e.Resource) switch
    {
        (null, null) => string.Empty,
        (null, { } resource) => $" · {resource}",
        ({ } environment, null) => $" · {environment}",
        var (environment, resource) => string.Create(CultureInfo.InvariantCulture, $" · {resource} in {environment}"),
    };

    private static string Block(string? details) => details is { Length: > 0 } ? $"\n\n{details}" : string.Empty;

    private static string Link(Uri? uiUrl) => uiUrl is null ? string.Empty : $"\n\n[DM board]({uiUrl})";

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
