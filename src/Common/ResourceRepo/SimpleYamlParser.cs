namespace Dm.ResourceRepo;

/// <summary>
/// A fast parser for the plain block-style YAML most repo files are written in: block mappings with simple keys, block
/// sequences (also indentless and with compact mappings), one-line plain, single- and double-quoted scalars, one-line
/// flow sequences of scalars, <c>{}</c>, comments and <c>---</c> between documents. It builds exactly the
/// <see cref="YamlNode"/> trees the full parser (<see cref="YamlFileParser"/> over YamlDotNet) builds, positions included.
/// <para>
/// It never reports errors: on anything outside that subset (block scalars, anchors, tags, escapes, multi-line scalars,
/// tabs, non-ASCII text, duplicate keys, exceeded limits, anything malformed) it gives up and returns null, and the full
/// parser reads the file and words any error. So the fast path changes speed only, never a result.
/// </para>
/// </summary>
internal sealed class SimpleYamlParser
{
    private const int MaxKeyLength = 1000;

    private readonly string _text;
    private List<Line> _lines = [];
    private int _pos;

    private SimpleYamlParser(string text) => _text = text;

    /// <summary>The documents of <paramref name="text"/> (an empty document is null), or null when the full parser must read it.</summary>
    public static List<YamlNode?>? TryParse(string text, ResourceRepoOptions options)
    {
        var documents = Split(text);
        if (documents is null)
        {
            return null;
        }

        var parser = new SimpleYamlParser(text);
        var result = new List<YamlNode?>(documents.Count);
        try
        {
            foreach (var lines in documents)
            {
                if (lines.Count == 0)
                {
                    result.Add(null);
                    continue;
                }

                parser._lines = lines;
                parser._pos = 0;
                var root = parser.ParseBlock(0);
                if (parser._pos != lines.Count || root.ExpandedSize > options.MaxNodesPerDocument || root.Height > options.MaxNestingDepth)
                {
                    return null;
                }

                result.Add(root);
            }
        }
        catch (UnsupportedException)
        {
            return null;
        }

        return result;
    }

    /// <summary>One content line (not blank, not a comment): 1-based number, start and end offsets, leading spaces.</summary>
    private readonly record struct Line(int Number, int Start, int End, int Indent);

    /// <summary>Thrown inside the parser to give up; never escapes <see cref="TryParse"/>.</summary>
    private sealed class UnsupportedException() : Exception("not in the subset the fast YAML path reads");

    private static UnsupportedException Unsupported() => new();

    /// <summary>Content lines per document; null when the text has characters or markers the fast path does not handle.</summary>
    private static List<List<Line>>? Split(string text)
    {
        foreach (var c in text)
        {
            if (c is (< ' ' and not '\n') or > '~')
            {
                return null;
            }
        }

        var documents = new List<List<Line>>();
        var current = new List<Line>();
        var explicitStart = false;
        var number = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            number++;
            var indent = 0;
            while (start + indent < end && text[start + indent] == ' ')
            {
                indent++;
            }

            if (indent == 0 && end - start >= 3 && (string.CompareOrdinal(text, start, "---", 0, 3) == 0 || string.CompareOrdinal(text, start, "...", 0, 3) == 0))
            {
                if (end - start != 3 || text[start] == '.')
                {
                    return null;
                }

                // "---" starts a document; what came before is a document unless it was only blank lines and comments.
                if (current.Count > 0 || explicitStart)
                {
                    documents.Add(current);
                    current = [];
                }

                explicitStart = true;
            }
            else if (indent == 0 && end > start && text[start] == '%')
            {
                return null;
            }
            else if (start + indent < end && text[start + indent] != '#')
            {
                current.Add(new Line(number, start, end, indent));
            }

            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
        }

        if (current.Count > 0 || explicitStart)
        {
            documents.Add(current);
        }

        // A text without any document: rare; let the full parser decide what it is.
        return documents.Count == 0 ? null : documents;
    }

    private YamlNode ParseBlock(int minIndent)
    {
        if (_pos >= _lines.Count || _lines[_pos].Indent < minIndent)
        {
            throw Unsupported();
        }

        var line = _lines[_pos];
        return IsSequenceEntry(line, line.Indent)
            ? ParseSequence(line.Indent)
            : ParseMapping(line.Indent, line.Start + line.Indent);
    }

    private bool IsSequenceEntry(Line line, int indent)
    {
        var dash = line.Start + indent;
        return line.Indent == indent && _text[dash] == '-' && (dash + 1 == line.End || _text[dash + 1] == ' ');
    }

    /// <summary>A block mapping whose keys sit at column <paramref name="indent"/>; the first key starts at <paramref name="firstKey"/> (after "- " for a compact mapping).</summary>
    private YamlMapping ParseMapping(int indent, int firstKey)
    {
        var first = _lines[_pos];
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>(4);
        long size = 1;
        var childHeight = 0;
        var at = firstKey;
        while (true)
        {
            var line = _lines[_pos];
            var colon = KeyEnd(at, line.End);
            if (colon < 0)
            {
                throw Unsupported();
            }

            var key = _text[at..colon];
            foreach (var entry in entries)
            {
                if (entry.Key.Value == key)
                {
                    throw Unsupported();
                }
            }

            var keyNode = new YamlScalar(key, true, null, line.Number, at - line.Start + 1);
            var value = SkipSpaces(colon + 1, line.End);
            YamlNode node;
            if (value == line.End || _text[value] == '#')
            {
                _pos++;
                if (_pos < _lines.Count && _lines[_pos].Indent > indent)
                {
                    node = ParseBlock(indent + 1);
                }
                else if (_pos < _lines.Count && IsSequenceEntry(_lines[_pos], indent))
                {
                    node = ParseSequence(indent);
                }
                else
                {
                    node = new YamlScalar(string.Empty, true, null, line.Number, colon - line.Start + 2);
                }
            }
            else
            {
                node = ParseInline(line, value);
                _pos++;
            }

            entries.Add(new KeyValuePair<YamlScalar, YamlNode>(keyNode, node));
            size = size > long.MaxValue - node.ExpandedSize ? long.MaxValue : size + node.ExpandedSize;
            childHeight = Math.Max(childHeight, node.Height);
            if (_pos >= _lines.Count)
            {
                break;
            }

            var next = _lines[_pos];
            if (next.Indent < indent || IsSequenceEntry(next, indent))
            {
                break;
            }

            if (next.Indent > indent)
            {
                throw Unsupported();
            }

            at = next.Start + indent;
        }

        return new YamlMapping(entries, size, childHeight + 1, first.Number, firstKey - first.Start + 1);
    }

    private YamlSequence ParseSequence(int indent)
    {
        var first = _lines[_pos];
        var items = new List<YamlNode>(4);
        long size = 1;
        var childHeight = 0;
        while (_pos < _lines.Count && IsSequenceEntry(_lines[_pos], indent))
        {
            var line = _lines[_pos];
            var value = SkipSpaces(line.Start + indent + 1, line.End);
            if (value == line.End || _text[value] == '#' || (_text[value] == '-' && (value + 1 == line.End || _text[value + 1] == ' ')))
            {
                // An entry with its value on the next lines, or a sequence in a sequence: rare enough for the full parser.
                throw Unsupported();
            }

            YamlNode node;
            if (KeyEnd(value, line.End) >= 0)
            {
                node = ParseMapping(value - line.Start, value);
            }
            else
            {
                node = ParseInline(line, value);
                _pos++;
            }

            items.Add(node);
            size = size > long.MaxValue - node.ExpandedSize ? long.MaxValue : size + node.ExpandedSize;
            childHeight = Math.Max(childHeight, node.Height);
        }

        if (_pos < _lines.Count && _lines[_pos].Indent > indent)
        {
            throw Unsupported();
        }

        return new YamlSequence(items, size, childHeight + 1, first.Number, indent + 1);
    }

    /// <summary>The offset of the ':' ending a simple key that starts at <paramref name="at"/>, or -1 when there is none.</summary>
    private int KeyEnd(int at, int end)
    {
        var i = at;
        while (i < end && i - at <= MaxKeyLength && IsKeyChar(_text[i]))
        {
            i++;
        }

        return i > at && i < end && _text[at] != '-' && _text[i] == ':' && (i + 1 == end || _text[i + 1] == ' ') ? i : -1;
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-';

    private int SkipSpaces(int i, int end)
    {
        while (i < end && _text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>A value that ends on its own line: a scalar, a flow sequence of scalars, or <c>{}</c>; a trailing comment is allowed.</summary>
    private YamlNode ParseInline(Line line, int at)
    {
        var column = at - line.Start + 1;
        switch (_text[at])
        {
            case '"' or '\'':
                var (text, after) = Quoted(at, line.End);
                Trailer(after, line.End);
                return new YamlScalar(text, false, null, line.Number, column);
            case '[':
                return FlowSequence(line, at);
            case '{':
                var close = SkipSpaces(at + 1, line.End);
                if (close == line.End || _text[close] != '}')
                {
                    throw Unsupported();
                }

                Trailer(close + 1, line.End);
                return new YamlMapping([], 1, 1, line.Number, column);
            default:
                return new YamlScalar(Plain(at, line.End), true, null, line.Number, column);
        }
    }

    /// <summary>A plain scalar up to the end of the line or a comment; gives up on anything that could make it more than that.</summary>
    private string Plain(int at, int end)
    {
        var c = _text[at];
        if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '$' or '~' or '(' or '+' or '=' || (c == '-' && at + 1 < end && _text[at + 1] != ' ')))
        {
            throw Unsupported();
        }

        var i = at;
        while (i < end)
        {
            var ch = _text[i];
            if (ch == '#' && _text[i - 1] == ' ')
            {
                break;
            }

            if (ch == ':' && (i + 1 == end || _text[i + 1] == ' '))
            {
                throw Unsupported();
            }

            i++;
        }

        while (_text[i - 1] == ' ')
        {
            i--;
        }

        return _text[at..i];
    }

    /// <summary>A single- or double-quoted scalar closed on the same line; double-quoted escapes are left to the full parser.</summary>
    private (string Text, int After) Quoted(int at, int end)
    {
        var quote = _text[at];
        var i = at + 1;
        System.Text.StringBuilder? unescaped = null;
        var runStart = i;
        while (true)
        {
            if (i >= end)
            {
                throw Unsupported();
            }

            var c = _text[i];
            if (quote == '"' && c == '\\')
            {
                throw Unsupported();
            }

            if (c == quote)
            {
                if (quote == '\'' && i + 1 < end && _text[i + 1] == '\'')
                {
                    unescaped ??= new System.Text.StringBuilder();
                    unescaped.Append(_text, runStart, i + 1 - runStart);
                    i += 2;
                    runStart = i;
                    continue;
                }

                break;
            }

            i++;
        }

        var text = unescaped is null ? _text[(at + 1)..i] : unescaped.Append(_text, runStart, i - runStart).ToString();
        return (text, i + 1);
    }

    /// <summary>After a closed value only spaces and a comment may follow.</summary>
    private void Trailer(int at, int end)
    {
        var i = SkipSpaces(at, end);
        if (i < end && !(_text[i] == '#' && i > at))
        {
            throw Unsupported();
        }
    }

    /// <summary>A one-line flow sequence of plain or quoted scalars, e.g. <c>["--port=8080", info]</c>.</summary>
    private YamlSequence FlowSequence(Line line, int at)
    {
        var items = new List<YamlNode>();
        var i = SkipSpaces(at + 1, line.End);
        if (i < line.End && _text[i] == ']')
        {
            Trailer(i + 1, line.End);
            return new YamlSequence(items, 1, 1, line.Number, at - line.Start + 1);
        }

        while (true)
        {
            if (i >= line.End)
            {
                throw Unsupported();
            }

            var column = i - line.Start + 1;
            string text;
            bool plain;
            if (_text[i] is '"' or '\'')
            {
                (text, i) = Quoted(i, line.End);
                plain = false;
            }
            else
            {
                var start = i;
                var c = _text[i];
                if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' || (c == '-' && i + 1 < line.End && IsFlowPlainChar(_text[i + 1]) && _text[i + 1] != ' ')))
                {
                    throw Unsupported();
                }

                while (i < line.End && IsFlowPlainChar(_text[i]))
                {
                    i++;
                }

                var stop = i;
                while (_text[stop - 1] == ' ')
                {
                    stop--;
                }

                text = _text[start..stop];
                plain = true;
            }

            items.Add(new YamlScalar(text, plain, null, line.Number, column));
            i = SkipSpaces(i, line.End);
            if (i >= line.End)
            {
                throw Unsupported();
            }

            if (_text[i] == ']')
            {
                Trailer(i + 1, line.End);
                return new YamlSequence(items, 1 + items.Count, 2, line.Number, at - line.Start + 1);
            }

            if (_text[i] != ',')
            {
                throw Unsupported();
            }

            i = SkipSpaces(i + 1, line.End);
            if (i < line.End && _text[i] == ']')
            {
                // A trailing comma: valid YAML, but rare; the full parser takes it.
                throw Unsupported();
            }
        }
    }

    private static bool IsFlowPlainChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-' or '=' or '+' or '~' or '$' or '@' or '%' or ' ';
}
