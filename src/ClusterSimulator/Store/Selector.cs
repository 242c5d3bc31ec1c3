using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>A parsed label selector plus field selector, matched against stored objects.</summary>
internal sealed class Selector
{
    private readonly List<Requirement> _labels;
    private readonly List<Requirement> _fields;

    private Selector(List<Requirement> labels, List<Requirement> fields)
    {
        _labels = labels;
        _fields = fields;
    }

    public static Selector Everything { get; } = new([], []);

    public bool IsEverything => _labels.Count == 0 && _fields.Count == 0;

    public static Selector Parse(string? labelSelector, string? fieldSelector)
    {
        var labels = string.IsNullOrWhiteSpace(labelSelector) ? [] : ParseLabels(labelSelector);
        var fields = string.IsNullOrWhiteSpace(fieldSelector) ? [] : ParseFields(fieldSelector);
        return labels.Count == 0 && fields.Count == 0 ? Everything : new Selector(labels, fields);
    }

    public bool Matches(StoredObject obj)
    {
        foreach (var requirement in _labels)
        {
            if (!requirement.Matches(obj.Labels.TryGetValue(requirement.Key, out var v) ? v : null))
            {
                return false;
            }
        }

        if (_fields.Count == 0)
        {
            return true;
        }

        JsonObject? parsed = null;
        foreach (var requirement in _fields)
        {
            var value = requirement.Key switch
            {
                "metadata.name" => obj.Name,
                "metadata.namespace" => obj.Namespace,
                _ => FieldValue(parsed ??= obj.ToJson(), requirement.Key),
            };
            if (!requirement.Matches(value ?? string.Empty))
            {
                return false;
            }
        }

        return true;
    }

    private static string? FieldValue(JsonObject obj, string dotted)
    {
        JsonNode? current = obj;
        foreach (var part in dotted.Split('.'))
        {
            current = (current as JsonObject)?[part];
        }

        return current switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => current.ToJsonString(),
        };
    }

    private static List<Requirement> ParseFields(string text)
    {
        var result = new List<Requirement>();
        foreach (var term in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, op, value) = term switch
            {
                _ when term.Contains("!=", StringComparison.Ordinal) => Split(term, "!=", Operator.NotEquals),
                _ when term.Contains("==", StringComparison.Ordinal) => Split(term, "==", Operator.Equals),
                _ when term.Contains('=', StringComparison.Ordinal) => Split(term, "=", Operator.Equals),
                _ => throw new MalformedRequestException($"invalid field selector: '{term}'"),
            };
            result.Add(new Requirement(key, op, [value]));
        }

        return result;
    }

    private static (string Key, Operator Op, string Value) Split(string term, string token, Operator op)
    {
        var index = term.IndexOf(token, StringComparison.Ordinal);
        return (term[..index].Trim(), op, term[(index + token.Length)..].Trim());
    }

    private static List<Requirement> ParseLabels(string text)
    {
        var result = new List<Requirement>();
        foreach (var term in SplitTerms(text))
        {
            if (term.StartsWith('!'))
            {
                result.Add(new Requirement(term[1..].Trim(), Operator.DoesNotExist, []));
                continue;
            }

            var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 2 && (words[1].StartsWith("in", StringComparison.Ordinal) || words[1].StartsWith("notin", StringComparison.Ordinal)))
            {
                var isIn = words[1].StartsWith("in", StringComparison.Ordinal);
                var open = words[1].IndexOf('(', StringComparison.Ordinal);
                var close = words[1].LastIndexOf(')');
                if (open < 0 || close < open)
                {
                    throw new MalformedRequestException($"unable to parse requirement: found '{words[1]}', expected: '('");
                }

                var values = words[1][(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                result.Add(new Requirement(words[0], isIn ? Operator.In : Operator.NotIn, values));
                continue;
            }

            var (key, op, value) = term switch
            {
                _ when term.Contains("!=", StringComparison.Ordinal) => Split(term, "!=", Operator.NotEquals),
                _ when term.Contains("==", StringComparison.Ordinal) => Split(term, "==", Operator.Equals),
                _ when term.Contains('=', StringComparison.Ordinal) => Split(term, "=", Operator.Equals),
                _ => (term.Trim(), Operator.Exists, string.Empty),
            };
            result.Add(new Requirement(key, op, op == Operator.Exists ? [] : [value]));
        }

        return result;
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    if (i > start)
                    {
                        yield return text[start..i].Trim();
                    }

                    start = i + 1;
                    break;
            }
        }

        if (start < text.Length && text[start..].Trim().Length > 0)
        {
            yield return text[start..].Trim();
        }
    }

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        public bool Matches(string? value) => Op switch
        {
            Operator.Equals => value == Values[0],
            Operator.NotEquals => value != Values[0],
            Operator.In => value is not null && Values.Contains(value),
            Operator.NotIn => value is null || !Values.Contains(value),
            Operator.Exists => value is not null,
            Operator.DoesNotExist => value is null,
            _ => false,
        };
    }
}
