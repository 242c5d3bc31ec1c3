using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dm.Hosting;

/// <summary>
/// Reads a git host's push notification (GitHub, GitLab, Gitea/Forgejo) and decides whether it should wake the daemon:
/// a push to the watched branch does, anything else is ignored, and a payload whose signature or token does not match
/// the configured secret is refused. Pure: headers and body in, an outcome out.
/// </summary>
public static class GitPushWebhook
{
    public static WebhookOutcome Evaluate(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, string? secret, string branch)
    {
        var header = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var provider = header.ContainsKey("X-Gitea-Event") ? "gitea"
            : header.ContainsKey("X-Gitlab-Event") ? "gitlab"
            : header.ContainsKey("X-GitHub-Event") ? "github"
            : "generic";

        if (!string.IsNullOrEmpty(secret))
        {
            var authentic = provider switch
            {
                "gitlab" => header.TryGetValue("X-Gitlab-Token", out var token) && FixedTimeEquals(token, secret),
                "gitea" when header.TryGetValue("X-Gitea-Signature", out var signature) => SignatureMatches(signature, body, secret),
                _ => header.TryGetValue("X-Hub-Signature-256", out var hub) && hub.StartsWith("sha256=", StringComparison.Ordinal)
                    && SignatureMatches(hub["sha256=".Length..], body, secret),
            };
            if (!authentic)
            {
                return new WebhookOutcome.Unauthorized($"The {provider} webhook's signature or token does not match the configured secret.");
            }
        }

        var eventName = provider switch
        {
            "gitea" => header["X-Gitea-Event"],
            "gitlab" => header["X-Gitlab-Event"],
            "github" => header["X-GitHub-Event"],
            _ => "push",
        };
        if (!eventName.Equals("push", StringComparison.OrdinalIgnoreCase) && !eventName.Equals("Push Hook", StringComparison.OrdinalIgnoreCase))
        {
            return new WebhookOutcome.Ignored($"Event '{eventName}' is not a push.");
        }

        string? pushedRef;
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.ToArray());
            pushedRef = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ref", out var refElement) && refElement.ValueKind == JsonValueKind.String
                ? refElement.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            return new WebhookOutcome.Invalid($"The webhook body is not JSON: {ex.Message}");
        }

        if (pushedRef is not null && pushedRef != "refs/heads/" + branch)
        {
            return new WebhookOutcome.Ignored($"Push to {pushedRef}, not to refs/heads/{branch}.");
        }

        return new WebhookOutcome.Refresh(provider, pushedRef ?? "refs/heads/" + branch);
    }

    private static bool SignatureMatches(string hexSignature, ReadOnlySpan<byte> body, string secret)
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        byte[] given;
        try
        {
            given = Convert.FromHexString(hexSignature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
