namespace Dm.ResourceRepo;

/// <summary>A cached parse of one blob; parsed at most once even when several resources share the blob.</summary>
internal sealed class ParseSlot(Func<YamlParseResult> parse, int generation)
{
    private readonly Lazy<YamlParseResult> _result = new(parse, LazyThreadSafetyMode.ExecutionAndPublication);
    private int _generation = generation;

    public YamlParseResult Result => _result.Value;

    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Marks the slot as used by read <paramref name="generation"/>; true when this is its first use in that read.</summary>
    public bool Touch(int generation) => Interlocked.Exchange(ref _generation, generation) != generation;
}
