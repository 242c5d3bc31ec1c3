namespace Dm.Git;

/// <summary>
/// One git invocation: the arguments after <c>git</c> (passed as an argument list, never through a shell), the working
/// directory, optional standard input and extra environment variables.
/// </summary>
public sealed record GitCommand(IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Bytes written to git's standard input, which is then closed. Null: standard input is closed at once.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>Extra environment variables for this invocation (e.g. <c>GIT_INDEX_FILE</c>, author dates).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The git subcommand (first argument that is not an option or a <c>-c</c> value), for errors and logs.</summary>
    public string Subcommand
    {
        get
        {
            for (var i = 0; i < Arguments.Count; i++)
            {
                if (Arguments[i] is "-c" or "-C")
                {
                    i++;
                    continue;
                }

                if (!Arguments[i].StartsWith('-'))
                {
                    return Arguments[i];
                }
            }

            return "git";
        }
    }

    /// <summary>The command line as text, credentials masked (environment values are not shown).</summary>
    public override string ToString() => GitRedaction.Redact($"git {string.Join(' ', Arguments)} (in {WorkingDirectory})");
}
