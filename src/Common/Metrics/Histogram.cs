using System.Text;

namespace Dm.Common.Metrics;

/// <summary>A distribution of observations in cumulative buckets (Prometheus <c>histogram</c>), e.g. reconcile durations in seconds.</summary>
public sealed class Histogram : MetricFamily<Histogram.Cell>
{
    /// <summary>Buckets suited to durations in seconds, from 5 ms to 60 s.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly double[] _bounds;

    internal Histogram(string name, string help, IReadOnlyList<double> buckets, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames)
    {
        if (buckets.Count == 0 || buckets.Zip(buckets.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException($"Histogram {name} needs strictly increasing buckets.", nameof(buckets));
        }

        _bounds = [.. buckets];
    }

    private protected override string TypeName => "histogram";

    public void Observe(double value, params string[] labelValues) =>
        Series(labelValues, () => new Cell(_bounds.Length)).Observe(_bounds, value);

    public (long Count, double Sum) Totals(params string[] labelValues)
    {
        var cell = Series(labelValues, () => new Cell(_bounds.Length));
        var snapshot = cell.Snapshot();
        return (snapshot.Count, snapshot.Sum);
    }

    private protected override void WriteSeries(StringBuilder output, string[] labelValues, Cell series)
    {
        var (buckets, count, sum) = series.Snapshot();
        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += buckets[i];
            WriteSample(output, Name + "_bucket", labelValues, cumulative, ("le", FormatValue(_bounds[i])));
        }

        WriteSample(output, Name + "_bucket", labelValues, count, ("le", "+Inf"));
        WriteSample(output, Name + "_sum", labelValues, sum);
        WriteSample(output, Name + "_count", labelValues, count);
    }

    /// <summary>One series' buckets, count and sum.</summary>
    public sealed class Cell(int bucketCount)
    {
        private readonly Lock _lock = new();
        private readonly long[] _buckets = new long[bucketCount];
        private long _count;
        private double _sum;

        internal void Observe(double[] bounds, double value)
        {
            var index = Array.FindIndex(bounds, b => value <= b);
            lock (_lock)
            {
                if (index >= 0)
                {
                    _buckets[index]++;
                }

                _count++;
                _sum += value;
            }
        }

        internal (long[] Buckets, long Count, double Sum) Snapshot()
        {
            lock (_lock)
            {
                return ((long[])_buckets.Clone(), _count, _sum);
            }
        }
    }
}
