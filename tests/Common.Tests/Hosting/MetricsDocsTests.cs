using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dm.TestSupport.Metrics;

namespace Dm.Common.Tests.Hosting;

/// <summary>
/// docs/metrics.md is the list of metrics: the PromQL on that page and in the Grafana dashboard
/// (deploy/grafana/dm-dashboard.json) names only metrics it lists. Each daemon's test checks its /metrics against it.
/// </summary>
public sealed partial class MetricsDocsTests
{
    private static readonly string Root = Path.GetDirectoryName(Path.GetDirectoryName(MetricsInventory.DocsPath))!;

    [Fact]
    public void The_inventory_lists_each_family_once_with_a_known_type_and_a_help_text()
    {
        var metrics = MetricsInventory.Load();

        Assert.True(metrics.Count >= 28, $"found only {metrics.Count} metric rows in docs/metrics.md");
        Assert.Equal(metrics.Count, metrics.Select(m => m.Name).Distinct().Count());
        Assert.All(metrics, m => Assert.Contains(m.Type, (string[])["counter", "gauge", "histogram"]));
        Assert.All(metrics, m => Assert.False(string.IsNullOrWhiteSpace(m.Help), m.Name));
        Assert.Equal(
            ["aggregator", "deployer", DocumentedMetric.EveryDaemon, "transitioner"],
            metrics.Select(m => m.Daemon).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["environment", "reason"], metrics.Single(m => m.Name == "dm_deployer_errors_total").Labels);
    }

    [Fact]
    public void Metric_names_are_found_in_promql_and_labels_functions_strings_and_variables_are_not()
    {
        Assert.Equal(
            ["dm_a_bucket", "dm_b_total", "dm_c"],
            PromQlMetricNames.Of("""histogram_quantile(0.95, sum by (environment, le) (rate(dm_a_bucket{x="a{b}",y=~"$env"}[$__rate_interval]))) / ignoring(le) group_left (team) dm_b_total offset 5m * on (job) max without (instance) (dm_c) > bool 1e3 and vector(1)"""));
    }

    [Fact]
    public void Every_metric_the_dashboard_queries_is_documented()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "grafana", "dm-dashboard.json")))!;
        var panels = dashboard["panels"]!.AsArray().Where(p => (string?)p!["type"] != "row").ToList();
        Assert.True(panels.Count >= 15, $"{panels.Count} panels");
        Assert.Equal(panels.Count, panels.Select(p => (int)p!["id"]!).Distinct().Count());
        var expressions = panels.SelectMany(p => p!["targets"]!.AsArray().Select(t => (string)t!["expr"]!)).ToList();
        Assert.All(panels, p => Assert.NotEmpty(p!["targets"]!.AsArray()));
        foreach (var variable in dashboard["templating"]!["list"]!.AsArray().Where(v => (string?)v!["type"] == "query"))
        {
            var query = LabelValues().Match((string)variable!["query"]!["query"]!);
            Assert.True(query.Success, $"variable {variable["name"]}: {variable["query"]}");
            expressions.Add(query.Groups["selector"].Value);
        }

        AssertDocumented(expressions, "deploy/grafana/dm-dashboard.json");
        var used = expressions.SelectMany(PromQlMetricNames.Of).Select(Family).ToHashSet(StringComparer.Ordinal);
        Assert.All(
            MetricsInventory.Load().Where(m => m.Name.StartsWith("dm_", StringComparison.Ordinal)),
            m => Assert.True(used.Contains(m.Name), $"the dashboard shows nothing of {m.Name}"));
    }

    [Fact]
    public void Every_metric_the_example_queries_use_is_documented()
    {
        var examples = PromQlBlock().Matches(File.ReadAllText(MetricsInventory.DocsPath)).Select(m => m.Groups["query"].Value).ToList();

        Assert.True(examples.Count >= 5, $"{examples.Count} promql blocks");
        AssertDocumented(examples, "docs/metrics.md");
    }

    private static void AssertDocumented(IEnumerable<string> expressions, string where)
    {
        var documented = MetricsInventory.Load().ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            var names = PromQlMetricNames.Of(expression);
            Assert.True(names.Count > 0, $"no metric in {where}: {expression}");
            foreach (var name in names)
            {
                var family = Family(name);
                Assert.True(
                    documented.TryGetValue(family, out var metric) && (family == name || metric.Type == "histogram"),
                    $"{where} queries {name}, which docs/metrics.md does not list: {expression}");
            }
        }
    }

    /// <summary>The family a sample name belongs to: a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c> are its own.</summary>
    private static string Family(string name)
    {
        var documented = MetricsInventory.Load();
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && documented.Any(m => m.Type == "histogram" && m.Name == name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"```promql\n(?<query>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PromQlBlock();
}
