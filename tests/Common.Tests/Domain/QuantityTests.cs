using System.Globalization;
using System.Numerics;
using Dm.Domain;

namespace Dm.Common.Tests.Domain;

/// <summary>
/// The one quantity parser: read as exact values (the deployer's drift detection compares them) and written in the
/// canonical form the real API server stores (the cluster simulator's defaulting).
/// </summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("1", "1000000000")]
    [InlineData("1000m", "1000000000")]
    [InlineData("0.5", "500000000")]
    [InlineData(".5", "500000000")]
    [InlineData("5.", "5000000000")]
    [InlineData("+2k", "2000000000000")]
    [InlineData("-1.5", "-1500000000")]
    [InlineData("1Ki", "1024000000000")]
    [InlineData("1.5Gi", "1610612736000000000")]
    [InlineData("1e3", "1000000000000")]
    [InlineData("1E-3", "1000000")]
    [InlineData("1E", "1000000000000000000000000000")]
    [InlineData("12n", "12")] // n and u: outside the documented grammar, but the server writes 0.000001 as 1u
    [InlineData("3u", "3000")]
    [InlineData("0.1n", "1")] // rounded up to the smallest unit, as the server does
    [InlineData("1.0000000001", "1000000001")]
    [InlineData("0", "0")]
    [InlineData("007", "7000000000")]
    public void Reads_every_form_of_the_grammar_as_nanos(string text, string nanos)
    {
        Assert.True(Quantity.TryParse(text, out var quantity), text);
        Assert.Equal(BigInteger.Parse(nanos, CultureInfo.InvariantCulture), quantity.Nanos);
    }

    [Theory]
    [InlineData("1", QuantityFormat.DecimalSI)]
    [InlineData("500m", QuantityFormat.DecimalSI)]
    [InlineData("1E", QuantityFormat.DecimalSI)] // exa, not an exponent
    [InlineData("1Gi", QuantityFormat.BinarySI)]
    [InlineData("1e3", QuantityFormat.DecimalExponent)]
    [InlineData("1E-3", QuantityFormat.DecimalExponent)]
    public void Reads_the_format_from_the_suffix(string text, QuantityFormat format)
    {
        Assert.True(Quantity.TryParse(text, out var quantity), text);
        Assert.Equal(format, quantity.Format);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("one")]
    [InlineData("1.2.3")]
    [InlineData("1KB")]
    [InlineData("1ki")]
    [InlineData("1 Gi")]
    [InlineData("1e")]
    [InlineData("1e9999")]
    [InlineData("1e100")] // beyond MaxExponent
    [InlineData("v1.10")]
    [InlineData("latest")]
    [InlineData("0x10")]
    public void Rejects_what_is_no_quantity(string text)
    {
        Assert.False(Quantity.TryParse(text, out _), text);
        Assert.Null(Quantity.Canonicalize(text));
    }

    [Theory]
    [InlineData("1000m", "1", true)]
    [InlineData("1024Mi", "1Gi", true)]
    [InlineData("0.5", "500m", true)]
    [InlineData("1.5Gi", "1536Mi", true)]
    [InlineData("1e3", "1k", true)]
    [InlineData("100m", "0.1", true)]
    [InlineData("0.000001", "1u", true)]
    [InlineData("1Gi", "1G", false)]
    [InlineData("1.10", "1.1", true)] // equal as quantities: why DriftDetector reads quantities only in quantity fields
    [InlineData("250m", "500m", false)]
    [InlineData("abc", "abc", false)]
    public void Compares_values_not_spellings(string left, string right, bool same) =>
        Assert.Equal(same, Quantity.SameValue(left, right));

    [Theory]
    [InlineData("1000m", "1")]
    [InlineData("0.5", "500m")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("512", "512")]
    [InlineData("1536Ki", "1536Ki")]
    [InlineData("100Mi", "100Mi")]
    [InlineData("0.5Ki", "512")] // binary below 1024 is written in decimal SI
    [InlineData("1500", "1500")]
    [InlineData("1500000", "1500k")]
    [InlineData("1E3", "1e3")]
    [InlineData("12e2", "1200")]
    [InlineData("0.000001", "1u")]
    [InlineData("0.1n", "1n")] // rounded up to the smallest unit
    [InlineData("+2k", "2k")]
    [InlineData("0", "0")]
    [InlineData("0.0", "0")]
    [InlineData("-1.5", "-1500m")]
    [InlineData("1e99", "1e99")]
    public void Canonical_form_matches_the_real_server(string written, string stored) =>
        Assert.Equal(stored, Quantity.Canonicalize(written));

    [Theory]
    [InlineData("1000m")]
    [InlineData("1.5Gi")]
    [InlineData("0.5Ki")]
    [InlineData("1E3")]
    [InlineData("0.1n")]
    [InlineData("1E")]
    public void The_canonical_form_reads_as_the_same_value_and_is_stable(string written)
    {
        var canonical = Quantity.Canonicalize(written)!;
        Assert.True(Quantity.SameValue(written, canonical), $"{written} → {canonical}");
        Assert.Equal(canonical, Quantity.Canonicalize(canonical));
    }
}
