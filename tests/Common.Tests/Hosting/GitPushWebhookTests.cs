using System.Security.Cryptography;
using System.Text;
using Dm.Hosting;

namespace Dm.Common.Tests.Hosting;

public class GitPushWebhookTests
{
    private const string Secret = "s3cret";
    private static readonly byte[] PushToMain = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main","after":"abc"}""");

    [Fact]
    public void A_signed_github_push_to_the_branch_refreshes()
    {
        var outcome = GitPushWebhook.Evaluate(
            Headers(("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Sign(PushToMain, Secret))),
            PushToMain,
            Secret,
            "main");

        Assert.Equal(new WebhookOutcome.Refresh("github", "refs/heads/main"), outcome);
    }

    [Fact]
    public void A_github_push_with_a_wrong_signature_is_unauthorized()
    {
        var outcome = GitPushWebhook.Evaluate(
            Headers(("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Sign(PushToMain, "other"))),
            PushToMain,
            Secret,
            "main");

        Assert.Equal(new WebhookOutcome.Unauthorized("The github webhook's signature or token does not match the configured secret."), outcome);
    }

    [Fact]
    public void Gitlab_uses_its_token_header()
    {
        Assert.IsType<WebhookOutcome.Refresh>(GitPushWebhook.Evaluate(Headers(("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", Secret)), PushToMain, Secret, "main"));
        Assert.IsType<WebhookOutcome.Unauthorized>(GitPushWebhook.Evaluate(Headers(("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", "nope")), PushToMain, Secret, "main"));
    }

    [Fact]
    public void Gitea_uses_a_plain_hex_signature()
    {
        var outcome = GitPushWebhook.Evaluate(Headers(("X-Gitea-Event", "push"), ("X-Gitea-Signature", Sign(PushToMain, Secret))), PushToMain, Secret, "main");
        Assert.Equal(new WebhookOutcome.Refresh("gitea", "refs/heads/main"), outcome);
    }

    [Fact]
    public void Pushes_to_other_branches_and_other_events_are_ignored()
    {
        var toFeature = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/feature"}""");
        Assert.Equal(
            new WebhookOutcome.Ignored("Push to refs/heads/feature, not to refs/heads/main."),
            GitPushWebhook.Evaluate(Headers(("X-GitHub-Event", "push")), toFeature, null, "main"));
        Assert.Equal(
            new WebhookOutcome.Ignored("Event 'ping' is not a push."),
            GitPushWebhook.Evaluate(Headers(("X-GitHub-Event", "ping")), "{}"u8, null, "main"));
    }

    [Fact]
    public void A_body_that_is_not_json_is_invalid_and_an_unsigned_call_needs_no_secret()
    {
        Assert.IsType<WebhookOutcome.Invalid>(GitPushWebhook.Evaluate(Headers(("X-GitHub-Event", "push")), "not json"u8, null, "main"));
        Assert.Equal(new WebhookOutcome.Refresh("generic", "refs/heads/main"), GitPushWebhook.Evaluate(Headers(), ReadOnlySpan<byte>.Empty, null, "main"));
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value);

    private static string Sign(byte[] body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
