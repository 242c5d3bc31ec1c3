using System.Text.RegularExpressions;

namespace Dm.Common.Metrics;

internal static partial class MetricName
{
    public static void Validate(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric or label name.", nameof(name));
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex NamePattern();
}
