using System.Globalization;
using System.Text;

namespace Dm.TestSupport.Metrics;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4) and checks its rules, throwing a
/// <see cref="FormatException"/> naming the line at the first breach: <c># HELP</c> / <c># TYPE</c> at most once per
/// family and before its samples; metric and label names by the grammar; label values with their escapes
/// (<c>\\</c>, <c>\"</c>, <c>\n</c>); a value (float, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>) and an optional timestamp;
/// each family's samples in one group; no sample twice; counters not negative; each histogram series with
/// <c>_bucket</c> lines of ascending <c>le</c> ending at <c>+Inf</c>, cumulative counts, and a <c>_sum</c> and a
/// <c>_count</c> equal to the <c>+Inf</c> bucket.
/// </summary>
public static class PrometheusTextParser
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<ExpositionFamily> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[^1] != '\n')
        {
            throw new FormatException("The exposition does not end with a line feed.");
        }

        var families = new List<Builder>();
        var byName = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Builder? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.Trim(' ', '\t').Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var comment = ParseComment(line, number);
                if (comment is null)
                {
                    continue;
                }

                var (keyword, name, rest) = comment.Value;
                var family = byName.GetValueOrDefault(name) ?? Add(families, byName, new Builder(name));
                if (family.Samples.Count > 0)
                {
                    throw Error(number, $"# {keyword} for {name} after its samples");
                }

                if (keyword == "HELP")
                {
                    family.Help = family.Help is null ? UnescapeHelp(rest, number) : throw Error(number, $"a second # HELP for {name}");
                }
                else
                {
                    family.Type = family.Type is null
                        ? (Types.Contains(rest) ? rest : throw Error(number, $"unknown type '{rest}' for {name}"))
                        : throw Error(number, $"a second # TYPE for {name}");
                }

                current = family;
                continue;
            }

            var sample = ParseSample(line, number);
            var owner = FamilyOf(sample.Name, byName)
                ?? (byName.ContainsKey(sample.Name) ? throw Error(number, $"a sample {sample.Name} of a histogram without a suffix") : Add(families, byName, new Builder(sample.Name)));
            if (owner != current && owner.Samples.Count > 0)
            {
                throw Error(number, $"a sample of {owner.Name} outside its family's group");
            }

            if (!seen.Add(sample.Name + "\u001e" + sample.LabelKey()))
            {
                throw Error(number, $"the sample {sample.Name}{{{sample.LabelKey()}}} twice");
            }

            if (owner.Type == "counter" && !(sample.Value >= 0))
            {
                throw Error(number, $"counter {owner.Name} has the value {sample.Value}");
            }

            owner.Samples.Add(sample);
            current = owner;
        }

        var result = families.Select(f => new ExpositionFamily(f.Name, f.Type ?? "untyped", f.Help, f.Samples)).ToList();
        foreach (var histogram in result.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(histogram);
        }

        return result;
    }

    private static Builder Add(List<Builder> families, Dictionary<string, Builder> byName, Builder family)
    {
        families.Add(family);
        byName.Add(family.Name, family);
        return family;
    }

    private static Builder? FamilyOf(string sampleName, Dictionary<string, Builder> byName)
    {
        foreach (var (suffix, types) in new[] { ("_bucket", new[] { "histogram" }), ("_sum", ["histogram", "summary"]), ("_count", ["histogram", "summary"]) })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && byName.TryGetValue(sampleName[..^suffix.Length], out var family)
                && types.Contains(family.Type))
            {
                return family;
            }
        }

        return byName.TryGetValue(sampleName, out var plain) && plain.Type != "histogram" ? plain : null;
    }

    /// <summary>(keyword, metric name, rest) of a <c># HELP</c> or <c># TYPE</c> line; null for any other comment.</summary>
    private static (string Keyword, string Name, string Text)? ParseComment(string line, int number)
    {
        var position = 1;
        SkipBlanks(line, ref position);
        var keyword = ReadWhile(line, ref position, c => c is not (' ' or '\t'));
        if (keyword is not ("HELP" or "TYPE"))
        {
            return null;
        }

        SkipBlanks(line, ref position);
        var name = ReadMetricName(line, ref position, number);
        if (position < line.Length && line[position] is not (' ' or '\t'))
        {
            throw Error(number, $"no blank after the metric name {name}");
        }

        if (position < line.Length)
        {
            position++;
        }

        var rest = line[position..];
        return (keyword, name, keyword == "TYPE" ? rest.Trim(' ', '\t') : rest);
    }

    private static ExpositionSample ParseSample(string line, int number)
    {
        var position = 0;
        SkipBlanks(line, ref position);
        var name = ReadMetricName(line, ref position, number);
        var afterName = position;
        SkipBlanks(line, ref position);
        var labels = new List<KeyValuePair<string, string>>();
        if (position >= line.Length || line[position] != '{')
        {
            position = afterName;
        }
        else
        {
            position++;
            while (true)
            {
                SkipBlanks(line, ref position);
                if (position < line.Length && line[position] == '}')
                {
                    position++;
                    break;
                }

                var label = ReadWhile(line, ref position, IsLabelChar);
                if (label.Length == 0 || char.IsAsciiDigit(label[0]))
                {
                    throw Error(number, $"a bad label name at column {position + 1}");
                }

                if (labels.Any(l => l.Key == label))
                {
                    throw Error(number, $"the label {label} twice");
                }

                SkipBlanks(line, ref position);
                Expect(line, ref position, '=', number);
                SkipBlanks(line, ref position);
                Expect(line, ref position, '"', number);
                labels.Add(KeyValuePair.Create(label, ReadLabelValue(line, ref position, number)));
                SkipBlanks(line, ref position);
                if (position < line.Length && line[position] == ',')
                {
                    position++;
                }
                else if (position >= line.Length || line[position] != '}')
                {
                    throw Error(number, $"expected ',' or '}}' at column {position + 1}");
                }
            }
        }

        if (position >= line.Length || line[position] is not (' ' or '\t'))
        {
            throw Error(number, "no blank before the value");
        }

        SkipBlanks(line, ref position);
        var value = ParseValue(ReadWhile(line, ref position, c => c is not (' ' or '\t')), number);
        SkipBlanks(line, ref position);
        if (position < line.Length)
        {
            var timestamp = ReadWhile(line, ref position, c => c is not (' ' or '\t'));
            if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                throw Error(number, $"'{timestamp}' is not a timestamp");
            }

            SkipBlanks(line, ref position);
            if (position < line.Length)
            {
                throw Error(number, $"text after the timestamp: '{line[position..]}'");
            }
        }

        return new ExpositionSample(name, labels, value);
    }

    private static void CheckHistogram(ExpositionFamily histogram)
    {
        var series = histogram.Samples.GroupBy(s => s.LabelKey("le"), StringComparer.Ordinal);
        foreach (var one in series)
        {
            var where = $"histogram {histogram.Name}{{{one.Key}}}";
            var buckets = one.Where(s => s.Name == histogram.Name + "_bucket").ToList();
            if (buckets.Count == 0)
            {
                throw new FormatException($"{where} has no _bucket samples");
            }

            var previousBound = double.NegativeInfinity;
            var previousCount = 0.0;
            foreach (var bucket in buckets)
            {
                var bound = bucket.Label("le") is { } le ? ParseValue(le, 0) : throw new FormatException($"{where} has a bucket without le");
                if (!(bound > previousBound))
                {
                    throw new FormatException($"{where}: le=\"{bucket.Label("le")}\" does not ascend");
                }

                if (bucket.Value < previousCount)
                {
                    throw new FormatException($"{where}: the bucket le=\"{bucket.Label("le")}\" counts fewer than the one before");
                }

                previousBound = bound;
                previousCount = bucket.Value;
            }

            if (!double.IsPositiveInfinity(previousBound))
            {
                throw new FormatException($"{where} does not end with le=\"+Inf\"");
            }

            var count = one.SingleOrDefault(s => s.Name == histogram.Name + "_count") ?? throw new FormatException($"{where} has no _count");
            _ = one.SingleOrDefault(s => s.Name == histogram.Name + "_sum") ?? throw new FormatException($"{where} has no _sum");
            if (count.Value != previousCount)
            {
                throw new FormatException($"{where}: _count {count.Value} is not the +Inf bucket's {previousCount}");
            }
        }
    }

    private static string ReadMetricName(string line, ref int position, int number)
    {
        var name = ReadWhile(line, ref position, c => IsLabelChar(c) || c == ':');
        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? throw Error(number, $"a bad metric name at column {position + 1}") : name;
    }

    private static string ReadLabelValue(string line, ref int position, int number)
    {
        var value = new StringBuilder();
        while (position < line.Length)
        {
            var c = line[position++];
            switch (c)
            {
                case '"':
                    return value.ToString();
                case '\\' when position < line.Length:
                    var escaped = line[position++];
                    value.Append(escaped switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => throw Error(number, $"the escape \\{escaped} in a label value"),
                    });
                    break;
                default:
                    value.Append(c);
                    break;
            }
        }

        throw Error(number, "an unterminated label value");
    }

    private static string UnescapeHelp(string help, int number)
    {
        var value = new StringBuilder();
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                value.Append(help[i]);
                continue;
            }

            value.Append(++i < help.Length
                ? help[i] switch
                {
                    '\\' => '\\',
                    'n' => '\n',
                    _ => throw Error(number, $"the escape \\{help[i]} in a help text"),
                }
                : throw Error(number, "a help text ending in a backslash"));
        }

        return value.ToString();
    }

    private static double ParseValue(string text, int number) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw Error(number, $"'{text}' is not a sample value"),
    };

    private static bool IsLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static void Expect(string line, ref int position, char expected, int number)
    {
        if (position >= line.Length || line[position] != expected)
        {
            throw Error(number, $"expected '{expected}' at column {position + 1}");
        }

        position++;
    }

    private static string ReadWhile(string line, ref int position, Func<char, bool> accept)
    {
        var start = position;
        while (position < line.Length && accept(line[position]))
        {
            position++;
        }

        return line[start..position];
    }

    private static void SkipBlanks(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static FormatException Error(int line, string what) => new($"line {line}: {what}");

    private sealed class Builder(string name)
    {
        public string Name { get; } = name;

        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<ExpositionSample> Samples { get; } = [];
    }
}
