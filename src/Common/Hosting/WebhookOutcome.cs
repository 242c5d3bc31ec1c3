namespace Dm.Hosting;

/// <summary>What a git host's webhook call amounts to.</summary>
public abstract record WebhookOutcome
{
    private WebhookOutcome()
    {
    }

    /// <summary>A push to the watched branch: refresh now.</summary>
    public sealed record Refresh(string Provider, string Ref) : WebhookOutcome;

    /// <summary>Not something to act on (another branch, a ping, a tag).</summary>
    public sealed record Ignored(string Reason) : WebhookOutcome;

    /// <summary>Signature or token missing or wrong.</summary>
    public sealed record Unauthorized(string Reason) : WebhookOutcome;

    /// <summary>The payload cannot be read.</summary>
    public sealed record Invalid(string Reason) : WebhookOutcome;
}
