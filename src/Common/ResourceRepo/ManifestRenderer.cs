using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Dm.ResourceRepo;

/// <summary>
/// Turns a parsed YAML document into JSON the way kubectl (sigs.k8s.io/yaml) reads YAML, substituting placeholders in
/// every string value (never in keys) when version values are given:
/// <c>$version</c> (cautious-tribble's form), <c>${key}</c>, and <c>$$</c> for a literal <c>$</c>.
/// A plain scalar that is exactly one <c>${key}</c> (other than <c>${version}</c>: versions are always strings) is typed
/// after substitution (<c>replicas: ${replicas}</c> gives a number); quoted scalars and mixed text stay strings.
/// </summary>
internal static class ManifestRenderer
{
    private const string VersionKey = "version";

    public static JsonNode? ToJson(YamlNode node, IReadOnlyDictionary<string, string>? values, List<PlaceholderProblem> problems)
    {
        switch (node)
        {
            case YamlScalar scalar:
                return ScalarToJson(scalar, values, problems);
            case YamlSequence sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Items)
                {
                    array.Add(ToJson(item, values, problems));
                }

                return array;
            case YamlMapping mapping:
                var obj = new JsonObject();
                foreach (var entry in mapping.Entries)
                {
                    obj[entry.Key.Value] = ToJson(entry.Value, values, problems);
                }

                return obj;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "unknown YAML node");
        }
    }

    private static JsonNode? ScalarToJson(YamlScalar scalar, IReadOnlyDictionary<string, string>? values, List<PlaceholderProblem> problems)
    {
        var text = scalar.Value;
        var retype = scalar.IsPlain;
        if (values is not null && text.Contains('$', StringComparison.Ordinal))
        {
            var whole = IsSingleBracedPlaceholder(text);
            text = Substitute(text, values, scalar, problems);
            retype = scalar.IsPlain && whole;
            if (!retype)
            {
                return JsonValue.Create(text);
            }
        }

        if (scalar.Tag is { } tag)
        {
            return tag switch
            {
                "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:null"
                    => ResolvePlain(text),
                _ => JsonValue.Create(text),
            };
        }

        return retype ? ResolvePlain(text) : JsonValue.Create(text);
    }

    /// <summary>True for exactly one <c>${key}</c> other than <c>${version}</c> (a version is always a string).</summary>
    private static bool IsSingleBracedPlaceholder(string text) =>
        text.Length > 3 && text.StartsWith("${", StringComparison.Ordinal) && text.IndexOf('}', StringComparison.Ordinal) == text.Length - 1
        && text != "${" + VersionKey + "}";

    /// <summary>Substitutes placeholders in one string; problems are collected, the placeholder is left in place.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values, YamlScalar at, List<PlaceholderProblem> problems)
    {
        var result = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var dollar = text.IndexOf('$', i);
            if (dollar < 0 || dollar == text.Length - 1)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, dollar - i);
            var next = text[dollar + 1];
            if (next == '$')
            {
                result.Append('$');
                i = dollar + 2;
            }
            else if (next == '{')
            {
                var close = text.IndexOf('}', dollar + 2);
                var key = close < 0 ? null : text[(dollar + 2)..close];
                if (key is null || !IsKey(key))
                {
                    var end = close < 0 ? text.Length : close + 1;
                    problems.Add(new PlaceholderProblem(text[dollar..end], null, at.Line, at.Column));
                    result.Append(text, dollar, end - dollar);
                    i = end;
                }
                else
                {
                    if (values.TryGetValue(key, out var value))
                    {
                        result.Append(value);
                    }
                    else
                    {
                        problems.Add(new PlaceholderProblem("${" + key + "}", key, at.Line, at.Column));
                        result.Append(text, dollar, close + 1 - dollar);
                    }

                    i = close + 1;
                }
            }
            else if (string.CompareOrdinal(text, dollar + 1, VersionKey, 0, VersionKey.Length) == 0)
            {
                if (values.TryGetValue(VersionKey, out var version))
                {
                    result.Append(version);
                }
                else
                {
                    problems.Add(new PlaceholderProblem("$version", VersionKey, at.Line, at.Column));
                    result.Append("$version");
                }

                i = dollar + 1 + VersionKey.Length;
            }
            else
            {
                result.Append('$');
                i = dollar + 1;
            }
        }

        return result.ToString();
    }

    /// <summary>Keys usable in <c>${key}</c>: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</summary>
    public static bool IsKey(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Resolves an untagged plain scalar like go-yaml v2 (which kubectl uses): null, YAML 1.1 booleans
    /// (<c>yes/no/on/off/y/n</c> in their three casings), integers (decimal, <c>0x</c> hex, <c>0o</c> and leading-zero
    /// octal, <c>0b</c> binary, <c>_</c> separators) and floats. <c>.inf</c> and <c>.nan</c> have no JSON form and stay strings.
    /// </summary>
    public static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
            default:
                break;
        }

        var first = text[0];
        if (!(char.IsAsciiDigit(first) || first is '-' or '+' or '.'))
        {
            return JsonValue.Create(text);
        }

        var plain = text.Contains('_', StringComparison.Ordinal) ? text.Replace("_", string.Empty, StringComparison.Ordinal) : text;
        if (TryInteger(plain, out var integer, out var unsigned))
        {
            return unsigned > long.MaxValue ? JsonValue.Create(unsigned) : JsonValue.Create(integer);
        }

        if (IsFloatSyntax(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static bool TryInteger(string text, out long value, out ulong unsigned)
    {
        value = 0;
        unsigned = 0;
        var negative = text.StartsWith('-');
        var body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (body.Length == 0)
        {
            return false;
        }

        int radix;
        string digits;
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X')
        {
            (radix, digits) = (16, body[2..]);
        }
        else if (body.Length > 2 && body[0] == '0' && body[1] is 'o' or 'O')
        {
            (radix, digits) = (8, body[2..]);
        }
        else if (body.Length > 2 && body[0] == '0' && body[1] is 'b' or 'B')
        {
            (radix, digits) = (2, body[2..]);
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            (radix, digits) = (8, body[1..]);
        }
        else
        {
            (radix, digits) = (10, body);
        }

        ulong magnitude = 0;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                return false;
            }

            if (magnitude > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                return false;
            }

            magnitude = (magnitude * (ulong)radix) + (ulong)d;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return true;
        }

        unsigned = magnitude;
        value = magnitude > long.MaxValue ? 0 : (long)magnitude;
        return true;
    }

    private static bool IsFloatSyntax(string text)
    {
        var i = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponent++;
            }

            if (exponent == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
