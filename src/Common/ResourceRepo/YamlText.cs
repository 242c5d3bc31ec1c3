using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dm.ResourceRepo;

/// <summary>Writes YAML scalars that read back exactly: keys plain when safe, values double-quoted (JSON escaping is valid YAML).</summary>
internal static class YamlText
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !IsReserved(key)
            ? key
            : Quoted(key);

    public static string Quoted(string value) => JsonSerializer.Serialize(value, Relaxed);

    public static string Timestamp(DateTimeOffset value) =>
        Quoted(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    public static StringBuilder Line(this StringBuilder output, int indent, string text) =>
        output.Append(' ', indent * 2).Append(text).Append('\n');

    private static bool IsReserved(string key) =>
        key is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~"
        || char.IsAsciiDigit(key[0]) || key[0] is '-' or '.';
}
