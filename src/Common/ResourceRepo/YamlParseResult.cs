namespace Dm.ResourceRepo;

/// <summary>
/// The documents of one YAML file (an empty document is <c>null</c>), or why the file could not be used.
/// </summary>
internal sealed record YamlParseResult(IReadOnlyList<YamlNode?> Documents, YamlParseFailure? Failure)
{
    public static YamlParseResult Failed(string reason, string message, int line, int column) =>
        new([], new YamlParseFailure(reason, message, line, column));
}

/// <summary>Why a YAML file could not be parsed; <see cref="Line"/> is 0 when the failure concerns the whole file.</summary>
internal sealed record YamlParseFailure(string Reason, string Message, int Line, int Column);
