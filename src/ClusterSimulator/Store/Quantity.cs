using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Resource quantities in the canonical form the real API server stores and returns (apimachinery's
/// <c>Quantity.CanonicalizeBytes</c>): <c>1000m</c> → <c>1</c>, <c>0.5</c> → <c>500m</c>, <c>1024Mi</c> → <c>1Gi</c>,
/// <c>1.5Gi</c> → <c>1536Mi</c>, <c>1E3</c> → <c>1e3</c>, a JSON number → a string. The value is rounded up to 10⁻⁹; the
/// suffix keeps its kind (binary SI, decimal SI, decimal exponent), with the largest exponent that loses nothing; a
/// binary value below 1024 or with a fraction is written in decimal SI.
/// </summary>
internal static class Quantity
{
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly BigInteger Nano = BigInteger.Pow(10, 9);

    private enum Format
    {
        DecimalSI,
        BinarySI,
        DecimalExponent,
    }

    /// <summary>The quantities of every container's <c>resources.limits</c>/<c>requests</c> in a pod spec, rewritten canonically.</summary>
    public static void CanonicalizeResources(JsonObject? resources)
    {
        foreach (var field in new[] { "limits", "requests" })
        {
            if (resources?[field] is not JsonObject map)
            {
                continue;
            }

            foreach (var key in map.Select(p => p.Key).ToList())
            {
                if (map[key] is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                    && Canonical(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()) is { } canonical)
                {
                    map[key] = canonical;
                }
            }
        }
    }

    /// <summary>The canonical form of <paramref name="text"/>, or null when it is no quantity (left as it is).</summary>
    public static string? Canonical(string text)
    {
        if (!TryParse(text, out var nanos, out var format))
        {
            return null;
        }

        if (nanos.IsZero)
        {
            return "0";
        }

        if (format == Format.BinarySI && (BigInteger.Abs(nanos) < 1024 * Nano || !(nanos % Nano).IsZero))
        {
            format = Format.DecimalSI;
        }

        if (format == Format.BinarySI)
        {
            var value = nanos / Nano;
            var power = 0;
            while (power < BinarySuffixes.Length - 1 && (value % 1024).IsZero)
            {
                value /= 1024;
                power++;
            }

            return value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
        }

        // mantissa × 10^exponent with the exponent a multiple of 3, as large as possible.
        var mantissa = nanos;
        var exponent = -9;
        while ((mantissa % 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }

        var extra = ((exponent % 3) + 3) % 3;
        mantissa *= BigInteger.Pow(10, extra);
        exponent -= extra;
        if (format == Format.DecimalExponent)
        {
            return mantissa.ToString(CultureInfo.InvariantCulture) + (exponent == 0 ? string.Empty : "e" + exponent.ToString(CultureInfo.InvariantCulture));
        }

        if (exponent > 18)
        {
            mantissa *= BigInteger.Pow(10, exponent - 18);
            exponent = 18;
        }

        var suffix = exponent switch
        {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            0 => string.Empty,
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            _ => "E",
        };
        return mantissa.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Reads <c>&lt;sign&gt;?&lt;digits&gt;[.&lt;digits&gt;]&lt;suffix&gt;</c> as a count of 10⁻⁹ units, rounded away from zero.</summary>
    private static bool TryParse(string text, out BigInteger nanos, out Format format)
    {
        nanos = default;
        format = Format.DecimalSI;
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var whole = Digits(s);
        var rest = s[whole.Length..];
        var fraction = ReadOnlySpan<char>.Empty;
        if (rest.Length > 0 && rest[0] == '.')
        {
            fraction = Digits(rest[1..]);
            rest = rest[(1 + fraction.Length)..];
        }

        if (whole.Length + fraction.Length == 0 || !Suffix(rest, out var exponent10, out var exponent2, out format))
        {
            return false;
        }

        var digits = BigInteger.Parse(string.Concat(whole, fraction), CultureInfo.InvariantCulture) << exponent2;
        var scale = exponent10 - fraction.Length + 9;
        if (scale >= 0)
        {
            nanos = digits * BigInteger.Pow(10, scale);
        }
        else
        {
            nanos = BigInteger.DivRem(digits, BigInteger.Pow(10, -scale), out var remainder) + (remainder.IsZero ? 0 : 1);
        }

        nanos = negative ? -nanos : nanos;
        return true;
    }

    private static ReadOnlySpan<char> Digits(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]))
        {
            n++;
        }

        return s[..n];
    }

    private static bool Suffix(ReadOnlySpan<char> suffix, out int exponent10, out int exponent2, out Format format)
    {
        exponent10 = 0;
        exponent2 = 0;
        format = Format.DecimalSI;
        var binary = suffix.Length == 2 && suffix[1] == 'i' ? Array.IndexOf(BinarySuffixes, suffix.ToString()) : -1;
        if (binary > 0)
        {
            exponent2 = binary * 10;
            format = Format.BinarySI;
            return true;
        }

        var decimalExponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => (int?)null,
        };
        if (decimalExponent is { } e)
        {
            exponent10 = e;
            return true;
        }

        if (suffix[0] is not ('e' or 'E'))
        {
            return false;
        }

        format = Format.DecimalExponent;
        var digits = suffix[1..];
        var sign = 1;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            sign = digits[0] == '-' ? -1 : 1;
            digits = digits[1..];
        }

        if (digits.Length is 0 or > 2 || Digits(digits).Length != digits.Length)
        {
            return false;
        }

        exponent10 = sign * int.Parse(digits, CultureInfo.InvariantCulture);
        return true;
    }
}
