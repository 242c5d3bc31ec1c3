namespace Dm.TestSupport.Metrics;

/// <summary>A metric family of a Prometheus text exposition: its <c># HELP</c>, <c># TYPE</c> and samples.</summary>
public sealed record ExpositionFamily(string Name, string Type, string? Help, IReadOnlyList<ExpositionSample> Samples)
{
    /// <summary>The label names the family's samples carry, without a histogram's <c>le</c> or a summary's <c>quantile</c>.</summary>
    public IReadOnlyList<string> LabelNames =>
        [.. Samples.SelectMany(s => s.Labels.Select(l => l.Key)).Where(k => k is not ("le" or "quantile")).Distinct().Order(StringComparer.Ordinal)];
}
