using Dm.Git;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Dm.GitFixture;

/// <summary>
/// A repo described in cautious-tribble's fixture YAML, read unchanged:
/// <c>commits: [{ name?, message?, parent?, files: { path: content } }]</c>.
/// </summary>
public sealed record FixtureTemplate(IReadOnlyList<FixtureCommit> Commits)
{
    /// <summary>Parses and validates fixture YAML; <paramref name="source"/> (a file name) prefixes every error.</summary>
    public static FixtureTemplate Parse(string yaml, string source = "fixture")
    {
        Document? document;
        try
        {
            document = new DeserializerBuilder().Build().Deserialize<Document?>(yaml);
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new FixtureException($"{source}: line {e.Start.Line}, column {e.Start.Column}: {reason}", e);
        }

        if (document?.Commits is not { Count: > 0 } commits)
        {
            throw new FixtureException($"{source}: 'commits' is missing or empty; a fixture needs at least one commit.");
        }

        var result = new List<FixtureCommit>(commits.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < commits.Count; i++)
        {
            var commit = commits[i] ?? new CommitDocument();
            var where = $"{source}: commit #{i + 1}{(commit.Name is null ? string.Empty : $" ('{commit.Name}')")}";
            if (commit.Parent is not null && !names.Contains(commit.Parent))
            {
                throw new FixtureException($"{where}: parent '{commit.Parent}' does not name an earlier commit.");
            }

            if (commit.Name is not null && !names.Add(commit.Name))
            {
                throw new FixtureException($"{where}: the name '{commit.Name}' is already used by an earlier commit.");
            }

            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (path, content) in commit.Files ?? [])
            {
                if (RepoPath.Problem(path) is { } problem)
                {
                    throw new FixtureException($"{where}: file '{path}': {problem}.");
                }

                files[path] = content ?? string.Empty;
            }

            foreach (var path in files.Keys)
            {
                if (files.Keys.FirstOrDefault(other => other.StartsWith(path + "/", StringComparison.Ordinal)) is { } nested)
                {
                    throw new FixtureException($"{where}: '{path}' is a file, so '{nested}' cannot be inside it.");
                }
            }

            result.Add(new FixtureCommit(commit.Name, commit.Message, commit.Parent, files));
        }

        return new FixtureTemplate(result);
    }

    /// <summary>Reads and parses a fixture file.</summary>
    public static async Task<FixtureTemplate> LoadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken), path);

    /// <summary>The commit named <paramref name="name"/>.</summary>
    public FixtureCommit Commit(string name) =>
        Commits.FirstOrDefault(c => c.Name == name)
        ?? throw new FixtureException($"No fixture commit is named '{name}'; named commits: {string.Join(", ", Commits.Where(c => c.Name is not null).Select(c => $"'{c.Name}'"))}.");

    private sealed class Document
    {
        [YamlMember(Alias = "commits")]
        public List<CommitDocument?>? Commits { get; set; }
    }

    private sealed class CommitDocument
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "message")]
        public string? Message { get; set; }

        [YamlMember(Alias = "parent")]
        public string? Parent { get; set; }

        [YamlMember(Alias = "files")]
        public Dictionary<string, string?>? Files { get; set; }
    }
}
