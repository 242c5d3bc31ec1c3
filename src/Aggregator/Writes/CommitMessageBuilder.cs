using System.Text;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>Formats DM commit messages: subject, optional body, trailer block (see <see cref="DmTrailers"/>).</summary>
public static class CommitMessageBuilder
{
    public static string Format(string subject, string? body, IEnumerable<(string Key, string Value)> trailers)
    {
        var output = new StringBuilder(subject.ReplaceLineEndings(" ").Trim());
        output.Append("\n\n");
        var text = body?.ReplaceLineEndings("\n").Trim('\n', ' ');
        if (!string.IsNullOrEmpty(text))
        {
            // A body paragraph that looks like trailers would be read as the trailer block when it is last; ours always comes after it.
            output.Append(text).Append("\n\n");
        }

        foreach (var (key, value) in trailers)
        {
            output.Append(key).Append(": ").Append(value.ReplaceLineEndings(" ")).Append('\n');
        }

        return output.ToString();
    }
}
