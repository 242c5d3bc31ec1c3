using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Dm.Common.Metrics;

/// <summary>A named metric with fixed label names; one series per distinct set of label values.</summary>
public abstract class MetricFamily<TSeries>
    where TSeries : class
{
    private readonly ConcurrentDictionary<string, (string[] Values, TSeries Series)> _series = new(StringComparer.Ordinal);

    private protected MetricFamily(string name, string help, IReadOnlyList<string> labelNames)
    {
        MetricName.Validate(name);
        foreach (var label in labelNames)
        {
            MetricName.Validate(label);
        }

        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    private protected abstract string TypeName { get; }

    private protected TSeries Series(string[] labelValues, Func<TSeries> create)
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"Metric {Name} takes {LabelNames.Count} label value(s) ({string.Join(", ", LabelNames)}), got {labelValues.Length}.", nameof(labelValues));
        }

        var key = string.Join('\u001f', labelValues);
        return _series.GetOrAdd(key, _ => ((string[])labelValues.Clone(), create())).Series;
    }

    internal void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(EscapeHelp(Help)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(TypeName).Append('\n');
        foreach (var (values, series) in _series.Values.OrderBy(s => string.Join('\u001f', s.Values), StringComparer.Ordinal))
        {
            WriteSeries(output, values, series);
        }
    }

    private protected abstract void WriteSeries(StringBuilder output, string[] labelValues, TSeries series);

    private protected void WriteSample(StringBuilder output, string sampleName, string[] labelValues, double value, (string Name, string Value)? extraLabel = null)
    {
        output.Append(sampleName);
        if (labelValues.Length > 0 || extraLabel is not null)
        {
            output.Append('{');
            var first = true;
            for (var i = 0; i < labelValues.Length; i++)
            {
                AppendLabel(output, LabelNames[i], labelValues[i], ref first);
            }

            if (extraLabel is { } extra)
            {
                AppendLabel(output, extra.Name, extra.Value, ref first);
            }

            output.Append('}');
        }

        output.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    internal static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendLabel(StringBuilder output, string name, string value, ref bool first)
    {
        if (!first)
        {
            output.Append(',');
        }

        first = false;
        output.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => output.Append("\\\\"),
                '"' => output.Append("\\\""),
                '\n' => output.Append("\\n"),
                _ => output.Append(c),
            };
        }

        output.Append('"');
    }

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
