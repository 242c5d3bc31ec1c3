using System.Text;

namespace Dm.ResourceRepo;

/// <summary>Writes a version file (<c>&lt;env&gt;/version/**/&lt;name&gt;.yaml</c>): <c>version</c> first, then the other fields sorted.</summary>
public static class VersionFile
{
    public static string Write(string version, IReadOnlyDictionary<string, string> fields)
    {
        var output = new StringBuilder();
        output.Line(0, "version: " + YamlText.Quoted(version));
        foreach (var (key, value) in fields.Where(f => f.Key != "version").OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            output.Line(0, YamlText.Key(key) + ": " + YamlText.Quoted(value));
        }

        return output.ToString();
    }
}
