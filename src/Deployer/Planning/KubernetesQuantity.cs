using System.Numerics;

namespace Dm.Deployer.Planning;

/// <summary>
/// Reads a Kubernetes resource quantity (<c>500m</c>, <c>1Gi</c>, <c>1.5</c>, <c>1e3</c>) as its value, so two spellings
/// the API server stores as one canonical form (<c>1000m</c> and <c>1</c>, <c>1024Mi</c> and <c>1Gi</c>) compare equal.
/// Grammar (kubernetes.io, common definitions, Quantity): <c>&lt;sign&gt;?&lt;number&gt;&lt;suffix&gt;</c>, number
/// <c>digits | digits.digits | digits. | .digits</c>, suffix a binary SI unit (<c>Ki Mi Gi Ti Pi Ei</c>), a decimal SI
/// unit (<c>m "" k M G T P E</c>, and <c>n</c>, <c>u</c>: not in the documented grammar, but the server parses them and
/// writes values below 1m with them) or a decimal exponent (<c>e</c>/<c>E</c> and a signed integer). Like the server, a
/// value finer than 10⁻⁹ is rounded away from zero to the next nano unit (<c>0.1n</c> reads as <c>1n</c>). Pure.
/// </summary>
public static class KubernetesQuantity
{
    /// <summary>Exponents beyond this many decimal places are not read (no real quantity has them; it bounds the arithmetic).</summary>
    private const int MaxExponent = 64;

    /// <summary>Whether both texts are quantities of the same value.</summary>
    public static bool SameValue(string left, string right) =>
        TryParseNanos(left, out var a) && TryParseNanos(right, out var b) && a == b;

    /// <summary>The value in units of 10⁻⁹ (rounded away from zero), or false when <paramref name="text"/> is no quantity.</summary>
    public static bool TryParseNanos(string text, out BigInteger nanos)
    {
        nanos = default;
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var whole = Digits(s);
        var fraction = ReadOnlySpan<char>.Empty;
        var rest = s[whole.Length..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            fraction = Digits(rest[1..]);
            rest = rest[(1 + fraction.Length)..];
        }

        if (whole.Length + fraction.Length == 0 || !Suffix(rest, out var exponent10, out var exponent2))
        {
            return false;
        }

        // value = digits × 10^(exponent10 − fraction digits) × 2^exponent2, in nanos: × 10^9.
        var digits = BigInteger.Parse(string.Concat(whole, fraction), System.Globalization.CultureInfo.InvariantCulture);
        var scale = exponent10 - fraction.Length + 9;
        var numerator = digits << exponent2;
        if (scale >= 0)
        {
            numerator *= BigInteger.Pow(10, scale);
            nanos = negative ? -numerator : numerator;
            return true;
        }

        var denominator = BigInteger.Pow(10, -scale);
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (!remainder.IsZero)
        {
            quotient += 1;
        }

        nanos = negative ? -quotient : quotient;
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

    private static bool Suffix(ReadOnlySpan<char> suffix, out int exponent10, out int exponent2)
    {
        exponent10 = 0;
        exponent2 = 0;
        switch (suffix)
        {
            case "":
                return true;
            case "n":
                exponent10 = -9;
                return true;
            case "u":
                exponent10 = -6;
                return true;
            case "m":
                exponent10 = -3;
                return true;
            case "k":
                exponent10 = 3;
                return true;
            case "M":
                exponent10 = 6;
                return true;
            case "G":
                exponent10 = 9;
                return true;
            case "T":
                exponent10 = 12;
                return true;
            case "P":
                exponent10 = 15;
                return true;
            case "E":
                exponent10 = 18;
                return true;
            case "Ki":
                exponent2 = 10;
                return true;
            case "Mi":
                exponent2 = 20;
                return true;
            case "Gi":
                exponent2 = 30;
                return true;
            case "Ti":
                exponent2 = 40;
                return true;
            case "Pi":
                exponent2 = 50;
                return true;
            case "Ei":
                exponent2 = 60;
                return true;
        }

        if (suffix[0] is not ('e' or 'E'))
        {
            return false;
        }

        var exponent = suffix[1..];
        var sign = 1;
        if (exponent.Length > 0 && exponent[0] is '+' or '-')
        {
            sign = exponent[0] == '-' ? -1 : 1;
            exponent = exponent[1..];
        }

        if (exponent.Length is 0 or > 3 || Digits(exponent).Length != exponent.Length)
        {
            return false;
        }

        exponent10 = sign * int.Parse(exponent, System.Globalization.CultureInfo.InvariantCulture);
        return Math.Abs(exponent10) <= MaxExponent;
    }
}
