namespace Dm.Common.Tests.Hosting;

/// <summary>
/// The metric names a PromQL expression selects: identifiers that are not functions, aggregation operators,
/// keywords, label names in <c>by (...)</c> / <c>without (...)</c> / <c>on (...)</c> / <c>ignoring (...)</c> /
/// <c>group_left (...)</c> / <c>group_right (...)</c>, or anything inside strings, label matchers <c>{...}</c>,
/// ranges <c>[...]</c> and Grafana variables (<c>$x</c>, <c>${x}</c>).
/// </summary>
internal static class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "and", "or", "unless", "bool", "offset", "inf", "nan", "atan2" };

    private static readonly HashSet<string> LabelLists = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right" };

    private static readonly HashSet<string> Aggregations = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    public static IReadOnlyList<string> Of(string expression)
    {
        var names = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expression, i);
            }
            else if (c == '{')
            {
                i = SkipPast(expression, i, '{', '}');
            }
            else if (c == '[')
            {
                i = SkipPast(expression, i, '[', ']');
            }
            else if (c == '$')
            {
                i++;
                i = i < expression.Length && expression[i] == '{' ? SkipPast(expression, i, '{', '}') : SkipWord(expression, i);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expression.Length && char.IsAsciiDigit(expression[i + 1])))
            {
                i = SkipWord(expression, i);
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var end = SkipWord(expression, i);
                var word = expression[i..end];
                var next = end;
                while (next < expression.Length && char.IsWhiteSpace(expression[next]))
                {
                    next++;
                }

                var call = next < expression.Length && expression[next] == '(';
                if (LabelLists.Contains(word) && call)
                {
                    end = SkipPast(expression, next, '(', ')');
                }
                else if (!call && !Keywords.Contains(word.ToLowerInvariant()) && !Aggregations.Contains(word) && !LabelLists.Contains(word))
                {
                    names.Add(word);
                }

                i = end;
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    private static int SkipWord(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or ':' or '.'))
        {
            i++;
        }

        return i;
    }

    private static int SkipString(string text, int i)
    {
        var quote = text[i++];
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return i + 1;
    }

    private static int SkipPast(string text, int i, char open, char close)
    {
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
                continue;
            }

            depth += c == open ? 1 : c == close ? -1 : 0;
            i++;
            if (depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"Unbalanced '{open}' in: {text}");
    }
}
