using System.Numerics;
using Dm.Deployer.Planning;

namespace Dm.Deployer.Tests.Planning;

public sealed class KubernetesQuantityTests
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
        Assert.True(KubernetesQuantity.TryParseNanos(text, out var value), text);
        Assert.Equal(BigInteger.Parse(nanos, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1KB")]
    [InlineData("1ki")]
    [InlineData("1 Gi")]
    [InlineData("1e")]
    [InlineData("1e9999")]
    [InlineData("v1.10")]
    [InlineData("latest")]
    [InlineData("0x10")]
    public void Rejects_what_is_no_quantity(string text) =>
        Assert.False(KubernetesQuantity.TryParseNanos(text, out _), text);

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
        Assert.Equal(same, KubernetesQuantity.SameValue(left, right));
}
