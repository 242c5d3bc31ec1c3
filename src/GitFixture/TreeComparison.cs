using System.Text;

namespace Dm.GitFixture;

/// <summary>How a ref's tree compares with a fixture commit's tree.</summary>
public abstract record TreeComparison
{
    private TreeComparison()
    {
    }

    /// <summary>The trees are identical.</summary>
    public sealed record Match(string TreeId) : TreeComparison;

    /// <summary>
    /// The trees differ: paths only in the ref (<see cref="Added"/>), only in the commit (<see cref="Removed"/>), in
    /// both with other content (<see cref="Changed"/>), and git's line diff from the commit to the ref.
    /// </summary>
    public sealed record Mismatch(
        string RefName,
        string CommitName,
        IReadOnlyList<string> Added,
        IReadOnlyList<string> Removed,
        IReadOnlyList<string> Changed,
        string LineDiff) : TreeComparison
    {
        /// <summary>A readable report for test failures.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            text.Append("Ref '").Append(RefName).Append("' does not match fixture commit '").Append(CommitName).Append("':\n");
            foreach (var path in Added)
            {
                text.Append("  added:   ").Append(path).Append('\n');
            }

            foreach (var path in Removed)
            {
                text.Append("  removed: ").Append(path).Append('\n');
            }

            foreach (var path in Changed)
            {
                text.Append("  changed: ").Append(path).Append('\n');
            }

            text.Append("diff (expected commit -> actual ref):\n").Append(LineDiff);
            return text.ToString();
        }
    }
}
