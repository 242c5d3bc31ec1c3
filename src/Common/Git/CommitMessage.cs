using System.Text.RegularExpressions;

namespace Dm.Git;

/// <summary>Pure parsing of commit messages.</summary>
public static partial class CommitMessage
{
    /// <summary>
    /// The trailers of <paramref name="message"/>: the last paragraph (not the subject), when every line in it is a
    /// <c>Key: value</c> trailer or an indented continuation of one (continuations are joined with a space).
    /// </summary>
    public static IReadOnlyList<CommitTrailer> ParseTrailers(string message)
    {
        var paragraphs = message.Replace("\r\n", "\n", StringComparison.Ordinal)
            .TrimEnd('\n', ' ')
            .Split("\n\n");
        if (paragraphs.Length < 2)
        {
            return [];
        }

        var trailers = new List<CommitTrailer>();
        foreach (var line in paragraphs[^1].Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && trailers.Count > 0)
            {
                var last = trailers[^1];
                trailers[^1] = last with { Value = (last.Value + " " + line.Trim()).Trim() };
                continue;
            }

            var match = Trailer().Match(line);
            if (!match.Success)
            {
                return [];
            }

            trailers.Add(new CommitTrailer(match.Groups["key"].Value, match.Groups["value"].Value.Trim()));
        }

        return trailers;
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][A-Za-z0-9-]*):(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Trailer();
}
