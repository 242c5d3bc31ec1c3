using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Dm.Domain;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>1Gi</c>, <c>1.5</c>, <c>1e3</c>): its exact value in units of 10⁻⁹
/// and the format its suffix was written in. DM's one quantity parser: the deployer compares desired and live
/// quantities by value (<c>1000m</c> and <c>1</c>, <c>1024Mi</c> and <c>1Gi</c> are equal), the cluster simulator stores
/// them in the <see cref="Canonical"/> form the real API server writes.
/// Grammar (kubernetes.io, common definitions, Quantity): <c>&lt;sign&gt;?&lt;number&gt;&lt;suffix&gt;</c>, number
/// <c>digits | digits.digits | digits. | .digits</c>, suffix a binary SI unit (<c>Ki Mi Gi Ti Pi Ei</c>), a decimal SI
/// unit (<c>m "" k M G T P E</c>, and <c>n</c>, <c>u</c>: not in the documented grammar, but the server parses them and
/// writes values below 1m with them) or a decimal exponent (<c>e</c>/<c>E</c>, a sign, one to three digits, at most
/// <see cref="MaxExponent"/>: no real quantity has more, and it bounds the arithmetic). Like the server, a value finer
/// than 10⁻⁹ is rounded away from zero to the next nano unit (<c>0.1n</c> reads as <c>1n</c>). Pure.
/// </summary>
public sealed record Quantity(BigInteger Nanos, QuantityFormat Format)
{
    /// <summary>The largest decimal exponent read, either sign.</summary>
    public const int MaxExponent = 99;

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly BigInteger Nano = BigInteger.Pow(10, 9);

    /// <summary>Whether both texts are quantities of the same value.</summary>
    public static bool SameValue(string left, string right) =>
        TryParse(left, out var a) && TryParse(right, out var b) && a.Nanos == b.Nanos;

    /// <summary>The canonical form of <paramref name="text"/>, or null when it is no quantity.</summary>
    public static string? Canonicalize(string text) => TryParse(text, out var quantity) ? quantity.Canonical() : null;

    /// <summary>Reads <paramref name="text"/>, or false when it is no quantity.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Quantity? quantity)
    {
        quantity = null;
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

        if (whole.Length + fraction.Length == 0 || !Suffix(rest, out var exponent10, out var exponent2, out var format))
        {
            return false;
        }

        // value = digits × 10^(exponent10 − fraction digits) × 2^exponent2, in nanos: × 10^9, rounded away from zero.
        var digits = BigInteger.Parse(string.Concat(whole, fraction), CultureInfo.InvariantCulture) << exponent2;
        var scale = exponent10 - fraction.Length + 9;
        var nanos = scale >= 0
            ? digits * BigInteger.Pow(10, scale)
            : BigInteger.DivRem(digits, BigInteger.Pow(10, -scale), out var remainder) + (remainder.IsZero ? 0 : 1);
        quantity = new Quantity(negative ? -nanos : nanos, format);
        return true;
    }

    /// <summary>
    /// The form the API server stores (apimachinery's <c>Quantity.CanonicalizeBytes</c>): <c>1000m</c> → <c>1</c>,
    /// <c>0.5</c> → <c>500m</c>, <c>1024Mi</c> → <c>1Gi</c>, <c>1.5Gi</c> → <c>1536Mi</c>, <c>1E3</c> → <c>1e3</c>. The
    /// suffix keeps its format, with the largest exponent that loses nothing; a binary value below 1024 or with a
    /// fraction is written in decimal SI.
    /// </summary>
    public string Canonical()
    {
        if (Nanos.IsZero)
        {
            return "0";
        }

        if (Format == QuantityFormat.BinarySI && BigInteger.Abs(Nanos) >= 1024 * Nano && (Nanos % Nano).IsZero)
        {
            var value = Nanos / Nano;
            var power = 0;
            while (power < BinarySuffixes.Length - 1 && (value % 1024).IsZero)
            {
                value /= 1024;
                power++;
            }

            return value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
        }

        // mantissa × 10^exponent with the exponent a multiple of 3, as large as possible.
        var mantissa = Nanos;
        var exponent = -9;
        while ((mantissa % 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }

        var extra = ((exponent % 3) + 3) % 3;
        mantissa *= BigInteger.Pow(10, extra);
        exponent -= extra;
        if (Format == QuantityFormat.DecimalExponent)
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

    private static ReadOnlySpan<char> Digits(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]))
        {
            n++;
        }

        return s[..n];
    }

    private static bool Suffix(ReadOnlySpan<char> suffix, out int exponent10, out int exponent2, out QuantityFormat format)
    {
        exponent10 = 0;
        exponent2 = 0;
        format = QuantityFormat.DecimalSI;
        var binary = suffix.Length == 2 && suffix[1] == 'i' ? Array.IndexOf(BinarySuffixes, suffix.ToString()) : -1;
        if (binary > 0)
        {
            exponent2 = binary * 10;
            format = QuantityFormat.BinarySI;
            return true;
        }

        int? decimalSI = suffix switch
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
            _ => null,
        };
        if (decimalSI is { } e)
        {
            exponent10 = e;
            return true;
        }

        if (suffix[0] is not ('e' or 'E'))
        {
            return false;
        }

        format = QuantityFormat.DecimalExponent;
        var digits = suffix[1..];
        var sign = 1;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            sign = digits[0] == '-' ? -1 : 1;
            digits = digits[1..];
        }

        if (digits.Length is 0 or > 3 || Digits(digits).Length != digits.Length)
        {
            return false;
        }

        exponent10 = sign * int.Parse(digits, CultureInfo.InvariantCulture);
        return Math.Abs(exponent10) <= MaxExponent;
    }
}
