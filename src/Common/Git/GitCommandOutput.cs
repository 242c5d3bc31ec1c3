using System.Text;

namespace Dm.Git;

/// <summary>What a finished git process left: exit code, standard output (bytes) and standard error (text).</summary>
public sealed record GitCommandOutput(int ExitCode, ReadOnlyMemory<byte> StandardOutput, string StandardError)
{
    /// <summary>Standard output decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(StandardOutput.Span);

    /// <summary>Standard output decoded as UTF-8 without the trailing newline.</summary>
    public string Line => Text.TrimEnd('\n');
}
