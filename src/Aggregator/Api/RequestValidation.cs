using Dm.ResourceRepo;

namespace Dm.Aggregator.Api;

/// <summary>Pure checks of request values; each failure names the field.</summary>
public static class RequestValidation
{
    public const int MaxVersionLength = 128;
    public const int MaxReasonLength = 4096;
    public const int MaxChangelogLength = 64 * 1024;
    public const int MaxFields = 64;
    public const int MaxFieldValueLength = 2048;

    public const string LabelRule = RepoNames.LabelRule;

    public const string SubdomainRule = RepoNames.SubdomainRule;

    public static bool IsDnsLabel(string name) => RepoNames.IsDnsLabel(name);

    public static bool IsDnsSubdomain(string name) => RepoNames.IsDnsSubdomain(name);

    /// <summary>Null when <paramref name="value"/> is a valid environment name, else the reason.</summary>
    public static string? Environment(string field, string? value) =>
        string.IsNullOrEmpty(value) ? $"'{field}' is required."
        : IsDnsLabel(value) ? null
        : $"'{field}' \"{Printable(value)}\" is not {LabelRule}.";

    public static string? Resource(string field, string? value) =>
        string.IsNullOrEmpty(value) ? $"'{field}' is required."
        : IsDnsSubdomain(value) ? null
        : $"'{field}' \"{Printable(value)}\" is not {SubdomainRule}.";

    public static string? Version(string field, string? value) =>
        string.IsNullOrEmpty(value) ? $"'{field}' is required and must not be empty."
        : value.Length > MaxVersionLength ? $"'{field}' is {value.Length} characters long; at most {MaxVersionLength} are allowed."
        : value.Any(char.IsControl) ? $"'{field}' contains control characters."
        : value.Trim().Length != value.Length ? $"'{field}' has leading or trailing spaces."
        : null;

    public static string? Text(string field, string? value, int maxLength, bool required) =>
        string.IsNullOrWhiteSpace(value) ? (required ? $"'{field}' is required and must not be blank." : null)
        : value.Length > maxLength ? $"'{field}' is {value.Length} characters long; at most {maxLength} are allowed."
        : value.Any(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r') ? $"'{field}' contains control characters."
        : null;

    public static string? Fields(string field, IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        if (fields.Count > MaxFields)
        {
            return $"'{field}' has {fields.Count} entries; at most {MaxFields} are allowed.";
        }

        foreach (var (key, value) in fields)
        {
            if (key.Length == 0 || key.Length > 63 || !(char.IsAsciiLetter(key[0]) || key[0] == '_')
                || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return $"'{field}' key \"{Printable(key)}\" must start with a letter or '_' and contain only letters, digits, '_', '-' and '.' (at most 63).";
            }

            if (key == "version")
            {
                return $"'{field}.version' is not allowed: the version goes in 'version'.";
            }

            if (value is null)
            {
                return $"'{field}.{key}' must be a string.";
            }

            if (value.Length > MaxFieldValueLength || value.Any(char.IsControl))
            {
                return $"'{field}.{key}' must be at most {MaxFieldValueLength} characters without control characters.";
            }
        }

        return null;
    }

    private static string Printable(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
