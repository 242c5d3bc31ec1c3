using System.Collections.Concurrent;
using System.Text;

namespace Dm.Common.Metrics;

/// <summary>
/// The metrics of one daemon, written in the Prometheus text exposition format (version 0.0.4) at <c>/metrics</c>.
/// Hand-written because no Prometheus exporter package can be restored here; it covers what DM needs:
/// counters, gauges and histograms with labels.
/// </summary>
public sealed class MetricsRegistry
{
    /// <summary>The content type Prometheus expects for the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly ConcurrentDictionary<string, object> _families = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action> _samplers = new(StringComparer.Ordinal);

    public Counter Counter(string name, string help, params string[] labelNames) =>
        Register(name, () => new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) =>
        Register(name, () => new Gauge(name, help, labelNames));

    public Histogram Histogram(string name, string help, IReadOnlyList<double> buckets, params string[] labelNames) =>
        Register(name, () => new Histogram(name, help, buckets, labelNames));

    /// <summary>
    /// Adds a callback, named by <paramref name="key"/>, that sets sampled values (memory, CPU time) just before each
    /// <see cref="Render"/>. False when a sampler of that name is already there (it is kept).
    /// </summary>
    public bool SampleOnRender(string key, Action sample) => _samplers.TryAdd(key, sample);

    /// <summary>Renders every metric, sorted by name, after running the samplers.</summary>
    public string Render()
    {
        foreach (var (_, sample) in _samplers.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            sample();
        }

        var output = new StringBuilder();
        foreach (var (_, family) in _families.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            switch (family)
            {
                case Counter counter:
                    counter.WriteTo(output);
                    break;
                case Gauge gauge:
                    gauge.WriteTo(output);
                    break;
                case Histogram histogram:
                    histogram.WriteTo(output);
                    break;
            }
        }

        return output.ToString();
    }

    private T Register<T>(string name, Func<T> create)
        where T : class
    {
        var family = _families.GetOrAdd(name, _ => create());
        return family as T
            ?? throw new InvalidOperationException($"Metric {name} is already registered as a {family.GetType().Name}.");
    }
}
