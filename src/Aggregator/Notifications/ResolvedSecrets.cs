namespace Dm.Aggregator.Notifications;

/// <summary>A receiver's secrets as read for one delivery (null where not configured).</summary>
public sealed record ResolvedSecrets(string? Url, string? Token, string? SigningKey)
{
    public static ResolvedSecrets None { get; } = new(null, null, null);

    /// <summary>Reads each secret from its value, file or environment variable; a missing file or variable is an error naming it (never its content).</summary>
    public static ResolvedSecrets Resolve(ReceiverSecrets? secrets) => secrets is null
        ? None
        : new ResolvedSecrets(
            One(secrets.Url, secrets.UrlFile, secrets.UrlEnv, "url"),
            One(secrets.Token, secrets.TokenFile, secrets.TokenEnv, "token"),
            One(secrets.SigningKey, secrets.SigningKeyFile, secrets.SigningKeyEnv, "signingKey"));

    /// <summary><paramref name="text"/> with every secret replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in new[] { Url, Token, SigningKey })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
                if (Uri.TryCreate(secret, UriKind.Absolute, out var uri) && uri.PathAndQuery.Length > 1)
                {
                    text = text.Replace(uri.PathAndQuery, "/***", StringComparison.Ordinal);
                }
            }
        }

        return text;
    }

    private static string? One(string? value, string? file, string? variable, string name)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (!string.IsNullOrEmpty(file))
        {
            try
            {
                return File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ReceiverNotConfiguredException($"{name}File {file} cannot be read: {ex.GetType().Name}");
            }
        }

        if (!string.IsNullOrEmpty(variable))
        {
            return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment.Trim()
                : throw new ReceiverNotConfiguredException($"{name}Env: the environment variable {variable} is not set");
        }

        return null;
    }
}
