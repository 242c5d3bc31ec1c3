using System.Text.RegularExpressions;

namespace Dm.Git;

/// <summary>Removes credentials from text that may reach a log or an exception: URL userinfo and authorization headers.</summary>
public static partial class GitRedaction
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>Returns <paramref name="text"/> with <c>scheme://user:secret@</c> userinfo and <c>Authorization:</c> header values masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var withoutUserInfo = UserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        return AuthorizationHeader().Replace(withoutUserInfo, m => m.Groups["name"].Value + Mask);
    }

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<name>(?:proxy-)?authorization\s*[:=]\s*)[^\r\n""']+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationHeader();
}
