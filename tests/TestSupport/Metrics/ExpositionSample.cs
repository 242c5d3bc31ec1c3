namespace Dm.TestSupport.Metrics;

/// <summary>One sample line of a Prometheus text exposition: its name, labels (in the order written) and value.</summary>
public sealed record ExpositionSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;

    /// <summary>The label set without <paramref name="except"/>, as one comparable key.</summary>
    public string LabelKey(string? except = null) =>
        string.Join('\u001f', Labels.Where(l => l.Key != except).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
}
