namespace Dm.ResourceRepo;

/// <summary>
/// One node of a parsed YAML document, kept close to the source (scalar text, style and position) so rendering can
/// substitute placeholders and resolve scalar types afterwards. Nodes are immutable; an alias shares its anchored node.
/// </summary>
internal abstract record YamlNode(int Line, int Column)
{
    /// <summary>Number of nodes when every alias is expanded (saturates at <see cref="long.MaxValue"/>).</summary>
    public abstract long ExpandedSize { get; }

    /// <summary>Nesting depth of this node with aliases expanded (a scalar has height 1).</summary>
    public abstract int Height { get; }
}

/// <summary>A scalar: its text as written, whether it was plain (unquoted, untagged), and an explicit tag if any.</summary>
internal sealed record YamlScalar(string Value, bool IsPlain, string? Tag, int Line, int Column) : YamlNode(Line, Column)
{
    public override long ExpandedSize => 1;

    public override int Height => 1;
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, long Size, int Depth, int Line, int Column) : YamlNode(Line, Column)
{
    public override long ExpandedSize => Size;

    public override int Height => Depth;
}

/// <summary>A mapping with scalar keys, in source order.</summary>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, long Size, int Depth, int Line, int Column) : YamlNode(Line, Column)
{
    public override long ExpandedSize => Size;

    public override int Height => Depth;

    public YamlNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
