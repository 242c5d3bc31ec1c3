using System.Globalization;
using System.Text;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>
/// The fast YAML path must never change a result: whenever it reads a text, YamlDotNet reads the same documents
/// (values, styles, positions, sizes); everything else falls back to YamlDotNet, errors included.
/// </summary>
public sealed class SimpleYamlParserTests
{
    private static readonly ResourceRepoOptions Options = ResourceRepoOptions.Default;
    private static readonly string[] Specials = ["[", "]", "{", "}", ":", "- ", "-", "?", "&a ", "*a", "!", "|", ">", "'", "\"", "%", "@", "`", "#", " #", ",", "$", "\t", "\n", " ", "  ", "~", "0", "\\", "---\n", "\r\n", "é"];

    [Fact]
    public void GeneratedDocumentsReadByTheFastPathEqualYamlDotNet()
    {
        var random = new Random(20261122);
        var handled = 0;
        const int Count = 1500;
        for (var i = 0; i < Count; i++)
        {
            var text = GenerateFile(random);
            if (AssertSameWhenHandled(text, Options))
            {
                handled++;
            }
        }

        // The generator writes the subset on purpose (apart from a few rare forms): most must take the fast path.
        Assert.True(handled > Count * 8 / 10, $"fast path read only {handled} of {Count} generated files");
    }

    [Fact]
    public void MutatedDocumentsAreEitherEqualOrLeftToYamlDotNet()
    {
        var random = new Random(7);
        var handled = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = GenerateFile(random);
            for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                text = random.Next(3) switch
                {
                    0 => text[..at] + Specials[random.Next(Specials.Length)] + text[(at + 1)..],
                    1 => text[..at] + Specials[random.Next(Specials.Length)] + text[at..],
                    _ => text[..at] + text[Math.Min(text.Length, at + random.Next(1, 12))..],
                };
            }

            if (AssertSameWhenHandled(text, Options))
            {
                handled++;
            }
        }

        Assert.True(handled > 400, $"fast path read only {handled} mutated files; the test would prove little");
    }

    [Fact]
    public void RandomTextsNeverThrowAndAreEitherEqualOrLeftToYamlDotNet()
    {
        const string Alphabet = "ab1 :-#'\"[]{},\n\n  ";
        var random = new Random(99);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());

            AssertSameWhenHandled(text, Options);
        }
    }

    [Fact]
    public void EveryTestDataFileParsesAsWithoutTheFastPath()
    {
        var files = Directory.EnumerateFiles(TestSnapshots.TestData, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            AssertSameResult(YamlFileParser.Parse(content, Options), YamlFileParser.ParseWithoutFastPath(content, Options), file);
        }
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: \"x\"\nd:\n- e: f\n  g: [a, \"b\"]\n- h\nk: {}\nl:\n# c\nm: x # y\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n")]
    [InlineData("---\na: 1\n---\n")]
    [InlineData("# only a comment\n---\na: 'it''s'\n")]
    [InlineData("l:  \nm: # c\nn:\n  # c\n  o: 1\n")]
    [InlineData("- a\n- b: 1\n  c: [ ]\n- 'x' # q\n")]
    [InlineData("a:\n  - x\n  - y\nb: 2\n")]
    [InlineData("a:\n    b: 1\n    c:\n    - d\n    e: true\n")]
    [InlineData("  a: 1\n  b: 2\n")]
    public void SubsetTextsTakeTheFastPathAndMatch(string text)
    {
        Assert.NotNull(SimpleYamlParser.TryParse(text, Options));
        Assert.True(AssertSameWhenHandled(text, Options));
    }

    [Theory]
    [InlineData("a: b\n  continued\n")]
    [InlineData("a: |\n  block\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("a: \"esc\\n\"\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: [1, 2,]\n")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("a: 1\r\nb: 2\r\n")]
    [InlineData("name: café\n")]
    [InlineData("a:\n    b: 1\n  c: 2\n")]
    [InlineData("a: 1\n- b\n")]
    [InlineData("- - a\n")]
    [InlineData("-\n  a: 1\n")]
    [InlineData("? a\n: b\n")]
    [InlineData("\"a\": 1\n")]
    [InlineData("just a scalar\n")]
    [InlineData("")]
    [InlineData("# nothing\n")]
    [InlineData("%YAML 1.1\n---\na: 1\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("--- a: 1\n")]
    [InlineData("a: \"open\n")]
    [InlineData("a: x #\n  b: 1\n")]
    public void TextsOutsideTheSubsetFallBackToYamlDotNetWithTheSameResult(string text)
    {
        Assert.Null(SimpleYamlParser.TryParse(text, Options));
        var content = Encoding.UTF8.GetBytes(text);
        AssertSameResult(YamlFileParser.Parse(content, Options), YamlFileParser.ParseWithoutFastPath(content, Options), text);
    }

    [Fact]
    public void BrokenVersionFileTheFastPathCannotReadGetsYamlDotNetsErrorText()
    {
        var content = Encoding.UTF8.GetBytes("version: [1.2, 3\nimage: x\n");
        Assert.Null(SimpleYamlParser.TryParse(Encoding.UTF8.GetString(content), Options));

        var result = YamlFileParser.Parse(content, Options);

        Assert.NotNull(result.Failure);
        Assert.Equal(YamlFileParser.ParseWithoutFastPath(content, Options).Failure, result.Failure);
    }

    [Theory]
    [InlineData(5, 100)]
    [InlineData(200_000, 2)]
    [InlineData(200_000, 3)]
    public void LimitsGiveTheSameFailureAsYamlDotNet(long maxNodes, int maxDepth)
    {
        var options = new ResourceRepoOptions { MaxNodesPerDocument = maxNodes, MaxNestingDepth = maxDepth };
        var content = Encoding.UTF8.GetBytes("a:\n  b:\n    c: 1\n    d: [1, 2, 3]\ne: f\n");

        var result = YamlFileParser.Parse(content, options);

        Assert.NotNull(result.Failure);
        AssertSameResult(result, YamlFileParser.ParseWithoutFastPath(content, options), "limits");
    }

    /// <summary>True when the fast path read the text; then YamlDotNet must have read the very same documents.</summary>
    private static bool AssertSameWhenHandled(string text, ResourceRepoOptions options)
    {
        var fast = SimpleYamlParser.TryParse(text, options);
        if (fast is null)
        {
            return false;
        }

        var full = YamlFileParser.ParseWithoutFastPath(Encoding.UTF8.GetBytes(text), options);
        Assert.True(full.Failure is null, $"fast path read a text YamlDotNet rejects ({full.Failure}):\n{text}");
        AssertSameDocuments(full.Documents, fast, text);
        return true;
    }

    private static void AssertSameResult(YamlParseResult expected, YamlParseResult actual, string what)
    {
        Assert.Equal(expected.Failure, actual.Failure);
        AssertSameDocuments(expected.Documents, actual.Documents, what);
    }

    private static void AssertSameDocuments(IReadOnlyList<YamlNode?> expected, IReadOnlyList<YamlNode?> actual, string text)
    {
        var want = string.Join("\n---\n", expected.Select(Describe));
        var got = string.Join("\n---\n", actual.Select(Describe));
        Assert.True(want == got, $"documents differ for:\n{text}\nYamlDotNet:\n{want}\nfast path:\n{got}");
    }

    /// <summary>Every property of a node tree, positions and sizes included.</summary>
    private static string Describe(YamlNode? node)
    {
        var text = new StringBuilder();
        Write(node, 0);
        return text.ToString();

        void Write(YamlNode? n, int depth)
        {
            text.Append(' ', depth * 2);
            switch (n)
            {
                case null:
                    text.Append("(empty)\n");
                    break;
                case YamlScalar s:
                    text.Append(CultureInfo.InvariantCulture, $"scalar {s.Line}:{s.Column} plain={s.IsPlain} tag={s.Tag ?? "-"} \"{s.Value}\"\n");
                    break;
                case YamlSequence q:
                    text.Append(CultureInfo.InvariantCulture, $"sequence {q.Line}:{q.Column} size={q.Size} depth={q.Depth}\n");
                    foreach (var item in q.Items)
                    {
                        Write(item, depth + 1);
                    }

                    break;
                case YamlMapping m:
                    text.Append(CultureInfo.InvariantCulture, $"mapping {m.Line}:{m.Column} size={m.Size} depth={m.Depth}\n");
                    foreach (var (key, value) in m.Entries)
                    {
                        Write(key, depth + 1);
                        Write(value, depth + 2);
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(node));
            }
        }
    }

    private static readonly string[] Keys = ["apiVersion", "kind", "name", "app.kubernetes.io/name", "replicas", "image", "a", "b-c", "d_e", "x1", "true", "null", "on", "version", "key.with.dots"];
    private static readonly string[] Plains = ["1", "2.5", "-3", "v1", "apps/v1", "${image}", "$version", "true", "no", "null", "~", "http://x.y/z", "a b c", "100m", "x#y", "a:b", "1e3", "0x1F", "--port=8080", "=x", "(a)", "+1", "..", "_x", "/healthz", "a, b", "x ]", "x }", "128Mi"];
    private static readonly string[] Quoted = ["\"\"", "\"x\"", "\"a: b\"", "\"# no\"", "'it''s'", "''", "'x y'", "\"${version}\"", "' lead'", "\"[x]\""];

    /// <summary>A random file in (mostly) the fast path's subset: documents of nested mappings and sequences with comments.</summary>
    private static string GenerateFile(Random random)
    {
        var text = new StringBuilder();
        var documents = random.Next(10) == 0 ? random.Next(2, 4) : 1;
        for (var d = 0; d < documents; d++)
        {
            if (d > 0 || random.Next(6) == 0)
            {
                text.Append("---\n");
            }

            if (random.Next(8) == 0)
            {
                text.Append("# a comment\n");
            }

            if (random.Next(8) == 0)
            {
                Sequence(0, 0);
            }
            else
            {
                Mapping(0, 0, random.Next(1, 6));
            }
        }

        return text.ToString();

        void Mapping(int indent, int depth, int count)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var key = Keys[random.Next(Keys.Length)];
                if (!used.Add(key))
                {
                    continue;
                }

                if (i > 0 || text.Length == 0 || text[^1] == '\n')
                {
                    text.Append(' ', indent);
                }

                text.Append(key).Append(':');
                Value(indent, depth, mappingValue: true);
                if (random.Next(12) == 0)
                {
                    text.Append(' ', random.Next(0, indent + 3)).Append("# note\n");
                }

                if (random.Next(15) == 0)
                {
                    text.Append('\n');
                }
            }
        }

        void Sequence(int indent, int depth)
        {
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                text.Append(' ', indent).Append('-');
                if (depth < 4 && random.Next(3) == 0)
                {
                    // A compact mapping: "- key: value" and further keys aligned after "- ".
                    text.Append(' ');
                    Mapping(indent + 2, depth + 1, random.Next(1, 4));
                }
                else
                {
                    text.Append(' ').Append(Scalar()).Append(Comment()).Append('\n');
                }
            }
        }

        void Value(int indent, int depth, bool mappingValue)
        {
            var choice = depth >= 4 ? random.Next(5) : random.Next(9);
            switch (choice)
            {
                case 0 or 1 or 2:
                    text.Append(' ').Append(Scalar()).Append(Comment()).Append('\n');
                    break;
                case 3:
                    text.Append(' ').Append(Flow()).Append(Comment()).Append('\n');
                    break;
                case 4:
                    text.Append(random.Next(2) == 0 ? "\n" : " \n");
                    break;
                case 5 or 6:
                    text.Append(Comment()).Append('\n');
                    Mapping(indent + random.Next(1, 4), depth + 1, random.Next(1, 5));
                    break;
                default:
                    text.Append('\n');
                    Sequence(mappingValue && random.Next(2) == 0 ? indent : indent + 2, depth + 1);
                    break;
            }
        }

        string Scalar() => random.Next(4) switch
        {
            0 => Quoted[random.Next(Quoted.Length)],
            1 => "{}",
            _ => Plains[random.Next(Plains.Length)],
        };

        string Flow()
        {
            var items = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => random.Next(3) == 0 ? Quoted[random.Next(Quoted.Length)] : Plains[random.Next(Plains.Length)].Replace(",", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal).Replace("#", string.Empty, StringComparison.Ordinal));
            return "[" + string.Join(random.Next(2) == 0 ? ", " : ",", items) + "]";
        }

        string Comment() => random.Next(6) == 0 ? " # c" : string.Empty;
    }
}
