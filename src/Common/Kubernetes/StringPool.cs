using System.Collections.Concurrent;

namespace Dm.Kubernetes;

/// <summary>
/// One shared instance per distinct short text (property names, kinds, field managers, ...) for the objects one
/// informer keeps: ten thousand objects then hold one "resourceVersion" rather than ten thousand. Bounded: once
/// <paramref name="capacity"/> texts are pooled, new ones are returned as they are.
/// </summary>
internal sealed class StringPool(int capacity = 4_096)
{
    private const int MaxLength = 64;
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string Intern(string text)
    {
        if (text.Length > MaxLength)
        {
            return text;
        }

        if (_texts.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        return _texts.Count < capacity ? _texts.GetOrAdd(text, text) : text;
    }
}
