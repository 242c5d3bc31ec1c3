namespace Dm.Aggregator.Notifications;

/// <summary>
/// One receiver's secrets: each given as a value, a file (a mounted Secret; read at every delivery, so rotation needs
/// no restart) or the name of an environment variable. They never appear in logs, the API or the UI.
/// </summary>
public sealed class ReceiverSecrets
{
    /// <summary>The webhook URL (webhook, slack, chat); it often carries a token.</summary>
    public string? Url { get; set; }

    public string? UrlFile { get; set; }

    public string? UrlEnv { get; set; }

    /// <summary>The API token of a commit-status receiver.</summary>
    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    public string? TokenEnv { get; set; }

    /// <summary>The HMAC-SHA256 key a webhook body is signed with (<c>X-DM-Signature-256</c>); none sends it unsigned.</summary>
    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    public string? SigningKeyEnv { get; set; }
}
