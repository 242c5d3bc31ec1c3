using System.Text;

namespace Dm.Common.Metrics;

/// <summary>A monotonically increasing count (Prometheus <c>counter</c>).</summary>
public sealed class Counter : MetricFamily<Counter.Cell>
{
    internal Counter(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames)
    {
    }

    private protected override string TypeName => "counter";

    public void Inc(params string[] labelValues) => Add(1, labelValues);

    public void Add(double amount, params string[] labelValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Series(labelValues, () => new Cell()).Add(amount);
    }

    /// <summary>Sets the total read from a monotonic source the process keeps itself (CPU time, GC count).</summary>
    public void Sample(double total, params string[] labelValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        Series(labelValues, () => new Cell()).Set(total);
    }

    public double Value(params string[] labelValues) => Series(labelValues, () => new Cell()).Value;

    private protected override void WriteSeries(StringBuilder output, string[] labelValues, Cell series) =>
        WriteSample(output, Name, labelValues, series.Value);

    /// <summary>One series' value.</summary>
    public sealed class Cell
    {
        private readonly Lock _lock = new();
        private double _value;

        public double Value
        {
            get
            {
                lock (_lock)
                {
                    return _value;
                }
            }
        }

        public void Add(double amount)
        {
            lock (_lock)
            {
                _value += amount;
            }
        }

        public void Set(double value)
        {
            lock (_lock)
            {
                _value = value;
            }
        }
    }
}
