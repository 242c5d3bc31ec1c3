using System.Text;

namespace Dm.Common.Metrics;

/// <summary>A value that goes up and down (Prometheus <c>gauge</c>).</summary>
public sealed class Gauge : MetricFamily<Counter.Cell>
{
    internal Gauge(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames)
    {
    }

    private protected override string TypeName => "gauge";

    public void Set(double value, params string[] labelValues) => Series(labelValues, () => new Counter.Cell()).Set(value);

    public void Add(double amount, params string[] labelValues) => Series(labelValues, () => new Counter.Cell()).Add(amount);

    public double Value(params string[] labelValues) => Series(labelValues, () => new Counter.Cell()).Value;

    private protected override void WriteSeries(StringBuilder output, string[] labelValues, Counter.Cell series) =>
        WriteSample(output, Name, labelValues, series.Value);
}
