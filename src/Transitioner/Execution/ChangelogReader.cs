using System.Text.RegularExpressions;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Transitioner.Policy;

namespace Dm.Transitioner.Execution;

/// <summary>
/// Collects the changelogs of the versions a move brings, newest first, from the history of the source version file:
/// a <c>new-version</c> commit gives its body; a promotion into the source (<c>DM-Action: transition</c>) gives the
/// entries it listed for the resource (so changelogs travel along a chain); any other commit (a person editing the file)
/// gives its subject and body. The walk stops at the commit that introduced the target's current version. A batched
/// commit (<see cref="BatchCommitMessage"/>) is read as its last section about the resource.
/// </summary>
public sealed partial class ChangelogReader(GitRepository repository)
{
    /// <summary>How many commits of one file's history are read at most.</summary>
    public const int MaxCommits = 50;

    public async Task<IReadOnlyList<ChangelogEntry>> ReadAsync(string revision, string source, ResourceMove move, CancellationToken cancellationToken)
    {
        var entries = new List<ChangelogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paths = move.RelativePaths.Select(p => EnvironmentVersions.VersionPrefix(source) + p).ToList();
        await foreach (var logged in repository.LogAsync(new LogQuery { Revision = revision, Paths = paths, MaxCount = MaxCommits }, cancellationToken))
        {
            var commit = SectionAbout(logged, move.Resource);
            var action = Trailer(commit, DmTrailers.Action);
            if (action == DmTrailers.ActionTransition)
            {
                var moved = commit.Trailers.Where(t => t.Key == DmTrailers.Move).Select(t => DmTrailers.ParseMove(t.Value)).FirstOrDefault(m => m?.Resource == move.Resource);
                foreach (var entry in PromotionMessage.ParseChangelog(commit.Message, move.Resource))
                {
                    if (entry.Version == move.From)
                    {
                        return entries;
                    }

                    if (seen.Add(entry.Version))
                    {
                        entries.Add(entry);
                    }
                }

                if (moved?.From is { } from && from == move.From)
                {
                    return entries;
                }

                continue;
            }

            string? version;
            string text;
            if (action == DmTrailers.ActionNewVersion && Trailer(commit, DmTrailers.Resource) == move.Resource)
            {
                version = Trailer(commit, DmTrailers.Version);
                text = PromotionMessage.HumanText(commit.Message, includeSubject: false);
            }
            else
            {
                version = await VersionAtAsync(commit.Id, paths, cancellationToken);
                text = PromotionMessage.HumanText(commit.Message, includeSubject: true);
            }

            if (version is null)
            {
                continue;
            }

            if (version == move.From)
            {
                return entries;
            }

            if (seen.Add(version))
            {
                entries.Add(new ChangelogEntry(version, text));
            }
        }

        return entries;
    }

    /// <summary>A batched commit (several changes, one message section each) read as the section about <paramref name="resource"/>.</summary>
    private static GitCommit SectionAbout(GitCommit commit, string resource)
    {
        var sections = BatchCommitMessage.Sections(commit.Message);
        if (sections.Count == 1)
        {
            return commit;
        }

        foreach (var section in sections.Reverse())
        {
            var trailers = CommitMessage.ParseTrailers(section);
            if (trailers.Any(t => (t.Key == DmTrailers.Resource && t.Value == resource) || (t.Key == DmTrailers.Move && DmTrailers.ParseMove(t.Value)?.Resource == resource)))
            {
                return commit with { Message = section, Trailers = trailers };
            }
        }

        return commit;
    }

    private static string? Trailer(GitCommit commit, string key) => commit.Trailers.FirstOrDefault(t => t.Key == key)?.Value;

    private async Task<string?> VersionAtAsync(string revision, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            var entries = await repository.ReadTreeAsync(revision, path, cancellationToken);
            var entry = entries.FirstOrDefault(e => e.Path == path);
            if (entry is null)
            {
                continue;
            }

            var content = (await repository.ReadBlobsAsync([entry.BlobId], cancellationToken))[0];
            var match = VersionLine().Match(System.Text.Encoding.UTF8.GetString(content.Span));
            if (match.Success)
            {
                return match.Groups["v"].Value.Trim().Trim('"', '\'');
            }
        }

        return null;
    }

    [GeneratedRegex(@"^version:[ \t]*(?<v>[^\r\n#]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex VersionLine();
}
