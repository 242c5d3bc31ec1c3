using Dm.TestSupport.Metrics;

namespace Dm.Common.Tests.Hosting;

/// <summary>The test-side parser of the Prometheus text format accepts what the format allows and names each breach.</summary>
public class PrometheusTextParserTests
{
    [Fact]
    public void A_valid_exposition_parses_into_families_with_escaped_labels_and_histogram_series()
    {
        var families = PrometheusTextParser.Parse(
            """
            # A plain comment.
            # HELP dm_x_total Things, with a \\ and a\nsecond line.
            # TYPE dm_x_total counter
            dm_x_total{environment="pp \"eu\"",path="a\\b\nc",} 3 1700000000000
            dm_x_total{environment="dev"}	1.5e3
            # TYPE dm_seconds histogram
            dm_seconds_bucket{env="dev",le="0.1"} 1
            dm_seconds_bucket{env="dev",le="1"} 2
            dm_seconds_bucket{env="dev",le="+Inf"} 3
            dm_seconds_sum{env="dev"} 3.55
            dm_seconds_count{env="dev"} 3
            dm_seconds_bucket{env="prod",le="0.1"} 0
            dm_seconds_bucket{env="prod",le="+Inf"} 0
            dm_seconds_sum{env="prod"} 0
            dm_seconds_count{env="prod"} 0
            # HELP dm_up
            dm_up NaN
            dm_ratio -Inf

            """.ReplaceLineEndings("\n"));

        Assert.Equal(["dm_x_total", "dm_seconds", "dm_up", "dm_ratio"], families.Select(f => f.Name));
        var counter = families[0];
        Assert.Equal(("counter", "Things, with a \\ and a\nsecond line."), (counter.Type, counter.Help));
        Assert.Equal("pp \"eu\"", counter.Samples[0].Label("environment"));
        Assert.Equal("a\\b\nc", counter.Samples[0].Label("path"));
        Assert.Equal([3, 1500], counter.Samples.Select(s => s.Value));
        Assert.Equal(["environment", "path"], counter.LabelNames);
        Assert.Equal(("histogram", 9), (families[1].Type, families[1].Samples.Count));
        Assert.Equal(["env"], families[1].LabelNames);
        Assert.Equal(("untyped", ""), (families[2].Type, families[2].Help));
        Assert.True(double.IsNaN(families[2].Samples[0].Value));
        Assert.Equal(double.NegativeInfinity, families[3].Samples[0].Value);
    }

    [Theory]
    [InlineData("dm_a 1", "does not end with a line feed")]
    [InlineData("dm_a{env=\"dev} 1\n", "unterminated label value")]
    [InlineData("dm_a{env=\"d\\tv\"} 1\n", "the escape \\t in a label value")]
    [InlineData("dm_a{env=\"dev\",env=\"pp\"} 1\n", "the label env twice")]
    [InlineData("dm_a{1env=\"dev\"} 1\n", "bad label name")]
    [InlineData("dm_a{env=\"dev\" 1\n", "expected ',' or '}'")]
    [InlineData("dm-a 1\n", "no blank before the value")]
    [InlineData("9dm 1\n", "bad metric name")]
    [InlineData("dm_a one\n", "'one' is not a sample value")]
    [InlineData("dm_a 1 soon\n", "'soon' is not a timestamp")]
    [InlineData("dm_a 1\ndm_a 2\n", "the sample dm_a{} twice")]
    [InlineData("dm_a 1\ndm_b 1\ndm_a{x=\"y\"} 1\n", "a sample of dm_a outside its family's group")]
    [InlineData("dm_a 1\n# TYPE dm_a gauge\n", "# TYPE for dm_a after its samples")]
    [InlineData("# TYPE dm_a gauge\n# TYPE dm_a gauge\n", "a second # TYPE for dm_a")]
    [InlineData("# HELP dm_a x\n# HELP dm_a y\n", "a second # HELP for dm_a")]
    [InlineData("# HELP dm_a bad \\t escape\n", "the escape \\t in a help text")]
    [InlineData("# TYPE dm_a meter\n", "unknown type 'meter'")]
    [InlineData("# TYPE dm_a_total counter\ndm_a_total -1\n", "counter dm_a_total has the value -1")]
    [InlineData("# TYPE dm_h histogram\ndm_h_bucket{le=\"1\"} 1\ndm_h_bucket{le=\"0.5\"} 1\ndm_h_bucket{le=\"+Inf\"} 1\ndm_h_sum 1\ndm_h_count 1\n", "le=\"0.5\" does not ascend")]
    [InlineData("# TYPE dm_h histogram\ndm_h_bucket{le=\"1\"} 1\ndm_h_sum 1\ndm_h_count 1\n", "does not end with le=\"+Inf\"")]
    [InlineData("# TYPE dm_h histogram\ndm_h_bucket{le=\"1\"} 2\ndm_h_bucket{le=\"+Inf\"} 1\ndm_h_sum 1\ndm_h_count 1\n", "counts fewer than the one before")]
    [InlineData("# TYPE dm_h histogram\ndm_h_bucket{le=\"+Inf\"} 2\ndm_h_sum 1\ndm_h_count 1\n", "_count 1 is not the +Inf bucket's 2")]
    [InlineData("# TYPE dm_h histogram\ndm_h_bucket{le=\"+Inf\"} 1\ndm_h_count 1\n", "has no _sum")]
    [InlineData("# TYPE dm_h histogram\ndm_h_bucket{le=\"+Inf\"} 1\ndm_h_sum 1\n", "has no _count")]
    [InlineData("# TYPE dm_h histogram\ndm_h_sum 1\ndm_h_count 1\n", "has no _bucket samples")]
    [InlineData("# TYPE dm_h histogram\ndm_h 1\n", "a sample dm_h of a histogram without a suffix")]
    public void A_breach_of_the_format_is_named(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
