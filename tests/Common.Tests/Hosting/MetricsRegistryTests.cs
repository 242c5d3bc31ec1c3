using Dm.Common.Metrics;

namespace Dm.Common.Tests.Hosting;

public class MetricsRegistryTests
{
    [Fact]
    public void Renders_counters_gauges_and_histograms_in_the_prometheus_text_format()
    {
        var registry = new MetricsRegistry();
        var applies = registry.Counter("dm_applies_total", "Server-side applies sent.", "environment");
        var resources = registry.Gauge("dm_resources", "Resources per environment.", "environment");
        var duration = registry.Histogram("dm_reconcile_seconds", "Reconcile duration.", [0.1, 1], "environment");

        applies.Inc("dev");
        applies.Add(2, "dev");
        applies.Inc("prod \"eu\"");
        resources.Set(12, "dev");
        duration.Observe(0.05, "dev");
        duration.Observe(0.5, "dev");
        duration.Observe(3, "dev");

        Assert.Equal(
            """
            # HELP dm_applies_total Server-side applies sent.
            # TYPE dm_applies_total counter
            dm_applies_total{environment="dev"} 3
            dm_applies_total{environment="prod \"eu\""} 1
            # HELP dm_reconcile_seconds Reconcile duration.
            # TYPE dm_reconcile_seconds histogram
            dm_reconcile_seconds_bucket{environment="dev",le="0.1"} 1
            dm_reconcile_seconds_bucket{environment="dev",le="1"} 2
            dm_reconcile_seconds_bucket{environment="dev",le="+Inf"} 3
            dm_reconcile_seconds_sum{environment="dev"} 3.55
            dm_reconcile_seconds_count{environment="dev"} 3
            # HELP dm_resources Resources per environment.
            # TYPE dm_resources gauge
            dm_resources{environment="dev"} 12

            """.ReplaceLineEndings("\n"),
            registry.Render());
    }

    [Fact]
    public void Registering_the_same_name_returns_the_same_metric_and_another_type_is_refused()
    {
        var registry = new MetricsRegistry();
        Assert.Same(registry.Counter("dm_x_total", "x"), registry.Counter("dm_x_total", "x"));
        var error = Assert.Throws<InvalidOperationException>(() => registry.Gauge("dm_x_total", "x"));
        Assert.Equal("Metric dm_x_total is already registered as a Counter.", error.Message);
    }

    [Fact]
    public void Wrong_label_count_and_bad_names_are_refused()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("dm_y_total", "y", "environment");
        Assert.Contains("takes 1 label value(s) (environment), got 2", Assert.Throws<ArgumentException>(() => counter.Inc("a", "b")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => registry.Counter("dm-bad", "bad"));
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Add(-1, "dev"));
    }

    [Fact]
    public void Process_metrics_are_sampled_at_each_render_and_registered_once()
    {
        var registry = new MetricsRegistry();
        ProcessMetrics.Register(registry);
        ProcessMetrics.Register(registry);
        GC.Collect(0);

        var text = registry.Render();

        foreach (var family in new[] { "process_resident_memory_bytes gauge", "process_cpu_seconds_total counter", "dotnet_gc_heap_size_bytes gauge", "dotnet_gc_committed_bytes gauge", "dotnet_gc_allocated_bytes_total counter", "dotnet_gc_collections_total counter" })
        {
            Assert.Single(text.Split('\n'), l => l == "# TYPE " + family);
        }

        Assert.True(Sample(text, "process_resident_memory_bytes") > 1_000_000);
        Assert.True(Sample(text, "dotnet_gc_allocated_bytes_total") > 0);
        var gen0 = Sample(text, "dotnet_gc_collections_total{generation=\"0\"}");
        Assert.True(gen0 >= 1);
        Assert.Contains("dotnet_gc_collections_total{generation=\"2\"}", text, StringComparison.Ordinal);

        GC.Collect(0);
        Assert.True(Sample(registry.Render(), "dotnet_gc_collections_total{generation=\"0\"}") > gen0);
    }

    [Fact]
    public void A_counter_sample_sets_the_total_and_refuses_a_negative_one()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("dm_z_total", "z");
        counter.Sample(5);
        counter.Sample(7);
        Assert.Equal(7, counter.Value());
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Sample(-1));
    }

    private static double Sample(string text, string series) =>
        double.Parse(text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
