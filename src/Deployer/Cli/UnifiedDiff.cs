using System.Text;

namespace Dm.Deployer.Cli;

/// <summary>A unified diff (3 lines of context) of two texts, like <c>diff -u</c>. Pure.</summary>
public static class UnifiedDiff
{
    public static string Format(string oldName, string newName, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, int context = 3)
    {
        var edits = Edits(oldLines, newLines);
        if (edits.All(e => e.Kind == ' '))
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - context);
            var end = i;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < edits.Count && edits[run].Kind == ' ')
                {
                    run++;
                }

                if (run == edits.Count || run - end > 2 * context)
                {
                    end = Math.Min(edits.Count, end + context);
                    break;
                }

                end = run;
            }

            var hunk = edits.Skip(start).Take(end - start).ToList();
            var oldStart = edits.Take(start).Count(e => e.Kind != '+') + 1;
            var newStart = edits.Take(start).Count(e => e.Kind != '-') + 1;
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            output.Append($"@@ -{(oldCount == 0 ? oldStart - 1 : oldStart)},{oldCount} +{(newCount == 0 ? newStart - 1 : newStart)},{newCount} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Line).Append('\n');
            }

            i = end;
        }

        return output.ToString();
    }

    private static List<(char Kind, string Line)> Edits(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var x = a.Count - 1; x >= 0; x--)
        {
            for (var y = b.Count - 1; y >= 0; y--)
            {
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var edits = new List<(char, string)>();
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (i < a.Count && j < b.Count && a[i] == b[j])
            {
                edits.Add((' ', a[i]));
                i++;
                j++;
            }
            else if (i < a.Count && (j == b.Count || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(('-', a[i]));
                i++;
            }
            else
            {
                edits.Add(('+', b[j]));
                j++;
            }
        }

        return edits;
    }
}
