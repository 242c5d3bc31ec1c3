using System.Globalization;
using System.Text;

namespace Dm.Git;

/// <summary>
/// Pure: the message of one commit that carries several changes, each keeping its own message and trailer block.
/// <code>
/// 3 changes: New version s1 42; Lock environment prod; Unlock environment dev
///
/// New version s1 42
///
/// changelog
///
/// DM-Action: new-version
/// DM-Resource: s1
///
/// Lock environment prod
/// ...
///
/// DM-Changes: 3
/// </code>
/// A section ends with its trailer block, which starts with the <see cref="SectionStartKey"/> trailer; the last
/// paragraph (git's own trailer block for the commit) counts the sections. A message without it is one section.
/// </summary>
public static class BatchCommitMessage
{
    /// <summary>The trailer of the final paragraph that marks a batch and counts its sections.</summary>
    public const string CountKey = "DM-Changes";

    /// <summary>Every section's trailer block starts with this trailer (DM's action trailer).</summary>
    public const string SectionStartKey = "DM-Action";

    /// <summary>Subjects longer than this are cut with an ellipsis.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>
    /// True when <paramref name="message"/> can be a section of a batch and be told apart again: it ends with a trailer
    /// block that starts with <see cref="SectionStartKey"/>, and no earlier paragraph (a changelog) looks like one.
    /// </summary>
    public static bool CanBeSection(string message)
    {
        var paragraphs = Paragraphs(message);
        return paragraphs.Count >= 2
            && IsSectionEnd(paragraphs[^1])
            && !paragraphs.Take(paragraphs.Count - 1).Any(IsSectionEnd);
    }

    /// <summary>One message for all <paramref name="sections"/>; a single section is returned as it is.</summary>
    /// <exception cref="ArgumentException">A section cannot be told apart again (see <see cref="CanBeSection"/>).</exception>
    public static string Format(IReadOnlyList<string> sections)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sections.Count, nameof(sections));
        if (sections.Count == 1)
        {
            return sections[0];
        }

        if (sections.FirstOrDefault(s => !CanBeSection(s)) is { } bad)
        {
            throw new ArgumentException($"The message \"{bad.Split('\n')[0]}\" does not end with a {SectionStartKey} trailer block, or its body looks like one.", nameof(sections));
        }

        var subject = string.Create(CultureInfo.InvariantCulture, $"{sections.Count} changes: ")
            + string.Join("; ", sections.Select(s => Paragraphs(s)[0].ReplaceLineEndings(" ").Trim()));
        if (subject.Length > MaxSubjectLength)
        {
            subject = subject[..(MaxSubjectLength - 1)].TrimEnd() + "…";
        }

        var message = new StringBuilder(subject).Append("\n\n");
        foreach (var section in sections)
        {
            message.Append(string.Join("\n\n", Paragraphs(section))).Append("\n\n");
        }

        return message.Append(CultureInfo.InvariantCulture, $"{CountKey}: {sections.Count}\n").ToString();
    }

    /// <summary>
    /// The messages a commit message carries: its sections when it is a batch (<see cref="Format"/>), else the message
    /// itself as the only one. A batch whose sections do not add up to its count is read as one message.
    /// </summary>
    public static IReadOnlyList<string> Sections(string message)
    {
        var paragraphs = Paragraphs(message);
        if (paragraphs.Count < 3 || Count(paragraphs[^1]) is not { } count || count < 2)
        {
            return [message];
        }

        var sections = new List<string>();
        var current = new List<string>();
        foreach (var paragraph in paragraphs.Skip(1).Take(paragraphs.Count - 2))
        {
            current.Add(paragraph);
            if (IsSectionEnd(paragraph))
            {
                sections.Add(string.Join("\n\n", current) + "\n");
                current.Clear();
            }
        }

        return sections.Count == count && current.Count == 0 ? sections : [message];
    }

    private static int? Count(string paragraph)
    {
        var trailers = CommitMessage.ParseTrailers("x\n\n" + paragraph);
        return trailers is [{ Key: var key, Value: var value }]
            && key.Equals(CountKey, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
    }

    private static bool IsSectionEnd(string paragraph) =>
        CommitMessage.ParseTrailers("x\n\n" + paragraph) is [var first, ..] && first.Key.Equals(SectionStartKey, StringComparison.OrdinalIgnoreCase);

    private static List<string> Paragraphs(string message) =>
        message.ReplaceLineEndings("\n").Trim('\n', ' ').Split("\n\n").Select(p => p.Trim('\n')).Where(p => p.Length > 0).ToList();
}
