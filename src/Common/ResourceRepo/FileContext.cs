using System.Globalization;
using Dm.Domain;

namespace Dm.ResourceRepo;

/// <summary>Reads typed values out of one parsed repo file, turning every mismatch into a precise <see cref="RepoError"/>.</summary>
internal sealed class FileContext(string path, string? environment, List<RepoError> errors)
{
    public string Path { get; } = path;

    public string? Environment { get; } = environment;

    public int ErrorCount => errors.Count;

    public static RepoError CreateError(string file, int line, int column, string? keyPath, string? environment, string? resource, string reason, string text)
    {
        var location = line > 0 ? $"{file}:{line}:{column}" : file;
        return new RepoError(file, line, column, keyPath, environment, resource, reason, $"{location}: {text}");
    }

    public void Error(YamlNode? at, string? keyPath, string reason, string text, string? resource = null) =>
        errors.Add(CreateError(Path, at?.Line ?? 0, at?.Column ?? 0, keyPath, Environment, resource, reason, text));

    /// <summary>The mapping at <paramref name="node"/>; an absent or null value is an empty map.</summary>
    public YamlMapping? Map(YamlNode? node, string keyPath)
    {
        switch (node)
        {
            case null:
            case YamlScalar { IsPlain: true, Value: "" or "~" or "null" }:
                return new YamlMapping([], 1, 1, node?.Line ?? 0, node?.Column ?? 0);
            case YamlMapping map:
                return map;
            default:
                Error(node, keyPath, Reasons.InvalidValue, $"{keyPath} must be a map");
                return null;
        }
    }

    public void CheckKeys(YamlMapping map, string keyPath, params string[] allowed)
    {
        foreach (var entry in map.Entries)
        {
            if (Array.IndexOf(allowed, entry.Key.Value) < 0)
            {
                Error(entry.Key, Join(keyPath, entry.Key.Value), Reasons.UnknownKey,
                    $"unknown key \"{entry.Key.Value}\" in {keyPath} (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    /// <summary>A scalar value as written, or null when absent or null; reports a missing required key.</summary>
    public string? String(YamlMapping map, string key, string keyPath, bool required = false)
    {
        var node = map.Get(key);
        var path = Join(keyPath, key);
        switch (node)
        {
            case null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" }:
                if (required)
                {
                    Error(node ?? (YamlNode)map, path, Reasons.MissingKey, $"{keyPath} has no {key}");
                }

                return null;
            case YamlScalar scalar:
                return scalar.Value;
            default:
                Error(node, path, Reasons.InvalidValue, $"{path} must be a string");
                return null;
        }
    }

    public bool? Bool(YamlMapping map, string key, string keyPath)
    {
        var node = map.Get(key);
        var path = Join(keyPath, key);
        return node switch
        {
            null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" } => null,
            YamlScalar { IsPlain: true, Value: "true" or "True" or "TRUE" } => true,
            YamlScalar { IsPlain: true, Value: "false" or "False" or "FALSE" } => false,
            _ => InvalidBool(node, path),
        };
    }

    private bool? InvalidBool(YamlNode node, string path)
    {
        Error(node, path, Reasons.InvalidValue, $"{path} must be true or false");
        return null;
    }

    public DateTimeOffset? Timestamp(YamlMapping map, string key, string keyPath)
    {
        var text = String(map, key, keyPath);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        var path = Join(keyPath, key);
        Error(map.Get(key), path, Reasons.InvalidValue, $"{path} is not a timestamp (expected e.g. 2024-05-01T12:00:00Z): \"{text}\"");
        return null;
    }

    /// <summary>A list of nodes; an absent or null value is empty, a single value is reported.</summary>
    public IReadOnlyList<YamlNode> List(YamlMapping map, string key, string keyPath)
    {
        var node = map.Get(key);
        switch (node)
        {
            case null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" }:
                return [];
            case YamlSequence sequence:
                return sequence.Items;
            default:
                var path = Join(keyPath, key);
                Error(node, path, Reasons.InvalidValue, $"{path} must be a list");
                return [];
        }
    }

    public IReadOnlyList<string> StringList(YamlMapping map, string key, string keyPath)
    {
        var result = new List<string>();
        var items = List(map, key, keyPath);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlScalar scalar)
            {
                result.Add(scalar.Value);
            }
            else
            {
                var path = $"{Join(keyPath, key)}[{i}]";
                Error(items[i], path, Reasons.InvalidValue, $"{path} must be a string");
            }
        }

        return result;
    }

    public static string Join(string keyPath, string key) => keyPath.Length == 0 ? key : $"{keyPath}.{key}";
}
