using System.Text;
using Dm.Domain;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Dm.ResourceRepo;

/// <summary>
/// Parses YAML text into <see cref="YamlNode"/> trees with hard limits: nesting depth, alias uses and the node count
/// a document would have with every alias expanded (so a "billion laughs" file fails fast instead of exploding).
/// Merge keys (<c>&lt;&lt;</c>) are not interpreted; duplicate keys and non-scalar keys are errors.
/// </summary>
internal static class YamlFileParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses with <see cref="SimpleYamlParser"/> when the text is in its subset, otherwise with YamlDotNet; both give the same result.</summary>
    public static YamlParseResult Parse(ReadOnlyMemory<byte> content, ResourceRepoOptions options) => Parse(content, options, fastPath: true);

    /// <summary>Parses with YamlDotNet only (the reference the fast path is tested against).</summary>
    internal static YamlParseResult ParseWithoutFastPath(ReadOnlyMemory<byte> content, ResourceRepoOptions options) => Parse(content, options, fastPath: false);

    private static YamlParseResult Parse(ReadOnlyMemory<byte> content, ResourceRepoOptions options, bool fastPath)
    {
        string text;
        try
        {
            var span = content.Span;
            if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF)
            {
                span = span[3..];
            }

            text = StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return YamlParseResult.Failed(Reasons.InvalidEncoding, "file is not valid UTF-8", 0, 0);
        }

        if (fastPath && TryFastPath(text, options) is { } documents)
        {
            return new YamlParseResult(documents, null);
        }

        var builder = new Builder(options);
        try
        {
            return builder.Run(text);
        }
        catch (YamlException e)
        {
            return YamlParseResult.Failed(Reasons.InvalidYaml, CleanMessage(e.Message), (int)e.Start.Line, (int)e.Start.Column);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) on some malformed input, e.g. an unterminated flow sequence.
            return YamlParseResult.Failed(Reasons.InvalidYaml, "malformed YAML after this position (an unclosed [ or { perhaps)", builder.LastLine, builder.LastColumn);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or FormatException or OverflowException or NullReferenceException)
        {
            // Any other failure of the YAML library on hostile input is still just a file DM cannot read.
            return YamlParseResult.Failed(Reasons.InvalidYaml, $"malformed YAML after this position ({e.Message})", builder.LastLine, builder.LastColumn);
        }
    }

    private static List<YamlNode?>? TryFastPath(string text, ResourceRepoOptions options)
    {
        try
        {
            return SimpleYamlParser.TryParse(text, options);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // A defect in the fast path must cost speed, never a result: the full parser reads the file instead.
            return null;
        }
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the error record carries the position itself.</summary>
    private static string CleanMessage(string message)
    {
        if (message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            var marker = message.IndexOf("): ", StringComparison.Ordinal);
            if (marker >= 0)
            {
                return message[(marker + 3)..];
            }
        }

        return message;
    }

    private sealed class Frame(bool isMapping, string? anchor, int line, int column)
    {
        public bool IsMapping { get; } = isMapping;
        public string? Anchor { get; } = anchor;
        public int Line { get; } = line;
        public int Column { get; } = column;
        private HashSet<string>? _keys;

        public List<YamlNode> Items { get; } = isMapping ? [] : new List<YamlNode>(4);
        public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = isMapping ? new List<KeyValuePair<YamlScalar, YamlNode>>(4) : [];
        public YamlScalar? PendingKey { get; set; }

        /// <summary>Adds a key; false when the mapping already has it. Small mappings are scanned, large ones hashed.</summary>
        public bool AddKey(string key)
        {
            if (_keys is null)
            {
                foreach (var entry in Entries)
                {
                    if (entry.Key.Value == key)
                    {
                        return false;
                    }
                }

                if (Entries.Count < 16)
                {
                    return true;
                }

                _keys = new HashSet<string>(Entries.Select(e => e.Key.Value), StringComparer.Ordinal);
            }

            return _keys.Add(key);
        }
        public long Size { get; set; } = 1;
        public int ChildHeight { get; set; }
    }

    private sealed class LimitExceededException(YamlParseFailure failure) : Exception(failure.Message)
    {
        public YamlParseFailure Failure { get; } = failure;
    }

    private sealed class Builder(ResourceRepoOptions options)
    {
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<Frame> _frames = new();
        private readonly List<YamlNode?> _documents = [];
        private YamlNode? _root;
        private int _aliases;

        public YamlParseResult Run(string text)
        {
            var parser = new Parser(new StringReader(text));
            try
            {
                while (parser.MoveNext())
                {
                    Handle(parser.Current!);
                }
            }
            catch (LimitExceededException e)
            {
                return new YamlParseResult([], e.Failure);
            }

            return new YamlParseResult(_documents, null);
        }

        public int LastLine { get; private set; }

        public int LastColumn { get; private set; }

        private void Handle(ParsingEvent e)
        {
            LastLine = (int)e.End.Line;
            LastColumn = (int)e.End.Column;
            switch (e)
            {
                case DocumentStart:
                    _anchors.Clear();
                    _frames.Clear();
                    _root = null;
                    _aliases = 0;
                    break;
                case DocumentEnd:
                    _documents.Add(IsEmptyDocument(_root) ? null : _root);
                    break;
                case Scalar s:
                    var tag = s.Tag.IsEmpty ? null : s.Tag.Value;
                    var scalar = new YamlScalar(s.Value, s.Style == ScalarStyle.Plain && tag is null, tag, Line(e), Column(e));
                    Remember(s.Anchor, scalar);
                    Add(scalar, e);
                    break;
                case SequenceStart seq:
                    Push(new Frame(false, seq.Anchor.IsEmpty ? null : seq.Anchor.Value, Line(e), Column(e)), e);
                    break;
                case MappingStart map:
                    Push(new Frame(true, map.Anchor.IsEmpty ? null : map.Anchor.Value, Line(e), Column(e)), e);
                    break;
                case SequenceEnd or MappingEnd:
                    var frame = _frames.Pop();
                    YamlNode node = frame.IsMapping
                        ? new YamlMapping(frame.Entries, frame.Size, frame.ChildHeight + 1, frame.Line, frame.Column)
                        : new YamlSequence(frame.Items, frame.Size, frame.ChildHeight + 1, frame.Line, frame.Column);
                    if (frame.Anchor is not null)
                    {
                        _anchors[frame.Anchor] = node;
                    }

                    Add(node, e);
                    break;
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlException(e.Start, e.End, $"alias *{alias.Value.Value} refers to no anchor defined before it");
                    }

                    if (++_aliases > options.MaxAliasesPerDocument)
                    {
                        throw Limit(Reasons.YamlLimitExceeded, $"more than {options.MaxAliasesPerDocument} alias uses in one document", e);
                    }

                    Add(target, e);
                    break;
                default:
                    break;
            }
        }

        private static bool IsEmptyDocument(YamlNode? root) =>
            root is null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" or "Null" or "NULL" };

        private void Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
        }

        private void Push(Frame frame, ParsingEvent e)
        {
            if (_frames.Count + 1 > options.MaxNestingDepth)
            {
                throw Limit(Reasons.YamlLimitExceeded, $"nesting deeper than {options.MaxNestingDepth} levels", e);
            }

            _frames.Push(frame);
        }

        private void Add(YamlNode node, ParsingEvent e)
        {
            if (_frames.Count == 0)
            {
                Check(node.ExpandedSize, _frames.Count + node.Height, e);
                _root = node;
                return;
            }

            var frame = _frames.Peek();
            if (frame.IsMapping && frame.PendingKey is null)
            {
                if (node is not YamlScalar key)
                {
                    throw new YamlException(e.Start, e.End, "mapping keys must be scalars");
                }

                if (!frame.AddKey(key.Value))
                {
                    throw Limit(Reasons.DuplicateKey, $"duplicate key \"{key.Value}\"", e);
                }

                frame.PendingKey = key;
                return;
            }

            frame.Size = frame.Size > long.MaxValue - node.ExpandedSize ? long.MaxValue : frame.Size + node.ExpandedSize;
            frame.ChildHeight = Math.Max(frame.ChildHeight, node.Height);
            Check(frame.Size, _frames.Count + node.Height, e);
            if (frame.IsMapping)
            {
                frame.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(frame.PendingKey!, node));
                frame.PendingKey = null;
            }
            else
            {
                frame.Items.Add(node);
            }
        }

        private void Check(long size, int depth, ParsingEvent e)
        {
            if (size > options.MaxNodesPerDocument)
            {
                throw Limit(Reasons.YamlLimitExceeded, $"document expands to more than {options.MaxNodesPerDocument} nodes (aliases included)", e);
            }

            if (depth > options.MaxNestingDepth)
            {
                throw Limit(Reasons.YamlLimitExceeded, $"nesting deeper than {options.MaxNestingDepth} levels (aliases included)", e);
            }
        }

        private static LimitExceededException Limit(string reason, string message, ParsingEvent e) =>
            new(new YamlParseFailure(reason, message, Line(e), Column(e)));

        private static int Line(ParsingEvent e) => (int)e.Start.Line;

        private static int Column(ParsingEvent e) => (int)e.Start.Column;
    }
}
