using System.Text.Json.Nodes;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>Scalar typing as kubectl (go-yaml v2) does it, and placeholder substitution edge cases.</summary>
public sealed class ManifestRendererTests
{
    [Theory]
    [InlineData("3", "3")]
    [InlineData("-3", "-3")]
    [InlineData("+5", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("0755", "493")]
    [InlineData("0b101", "5")]
    [InlineData("08", "8")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("yes", "true")]
    [InlineData("OFF", "false")]
    [InlineData("y", "true")]
    [InlineData("n", "false")]
    [InlineData("~", "null")]
    [InlineData("NULL", "null")]
    [InlineData("", "null")]
    [InlineData("yEs", "\"yEs\"")]
    [InlineData("12abc", "\"12abc\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("-", "\"-\"")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("1e", "\"1e\"")]
    public void PlainScalarsResolveLikeKubectl(string plain, string json) =>
        Assert.Equal(json, ManifestRenderer.ResolvePlain(plain)?.ToJsonString() ?? "null");

    [Theory]
    [InlineData("a $$ b", "a $ b")]
    [InlineData("$$$$", "$$")]
    [InlineData("$$version", "$version")]
    [InlineData("$$${version}", "$7")]
    [InlineData("${version}${version}", "77")]
    [InlineData("$version$version", "77")]
    [InlineData("cost: $5", "cost: $5")]
    [InlineData("trailing $", "trailing $")]
    [InlineData("${my-key.x_y}", "v")]
    public void SubstitutesPlaceholders(string text, string expected)
    {
        var problems = new List<PlaceholderProblem>();
        var values = new Dictionary<string, string> { ["version"] = "7", ["my-key.x_y"] = "v" };

        var result = ManifestRenderer.Substitute(text, values, new YamlScalar(text, false, null, 1, 1), problems);

        Assert.Equal(expected, result);
        Assert.Empty(problems);
    }

    [Fact]
    public void KeysAreNeverSubstituted()
    {
        var mapping = new YamlMapping([KeyValuePair.Create(new YamlScalar("${version}", true, null, 1, 1), (YamlNode)new YamlScalar("${version}", true, null, 1, 13))], 2, 2, 1, 1);

        var json = ManifestRenderer.ToJson(mapping, new Dictionary<string, string> { ["version"] = "7" }, []);

        Assert.Equal("{\"${version}\":\"7\"}", json!.ToJsonString());
    }

    [Fact]
    public void OnlyAPlainWholePlaceholderOtherThanVersionIsTyped()
    {
        var values = new Dictionary<string, string> { ["version"] = "42", ["n"] = "3", ["flag"] = "true" };
        JsonNode? Render(string value, bool plain) => ManifestRenderer.ToJson(new YamlScalar(value, plain, null, 1, 1), values, []);

        Assert.Equal("3", Render("${n}", plain: true)!.ToJsonString());
        Assert.Equal("true", Render("${flag}", plain: true)!.ToJsonString());
        Assert.Equal("\"3\"", Render("${n}", plain: false)!.ToJsonString());
        Assert.Equal("\"v3\"", Render("v${n}", plain: true)!.ToJsonString());
        Assert.Equal("\"42\"", Render("${version}", plain: true)!.ToJsonString());
        Assert.Equal("\"42\"", Render("$version", plain: true)!.ToJsonString());
    }
}
