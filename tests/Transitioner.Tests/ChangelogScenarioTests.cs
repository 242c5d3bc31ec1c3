using System.Runtime.CompilerServices;
using Dm.Status;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class ChangelogScenarioTests
{
    private const string Chain = """
        transitions:
          to-dev:
            source: latest
            target: dev
          to-pp:
            source: dev
            target: pp

        """;

    [Fact]
    public async Task Promotion_messages_carry_changelogs_of_every_version_in_between_along_the_chain()
    {
        await using var s = await CreateAsync(Files(Chain, Resource("latest", "s1", "40"), Resource("dev", "s1", "40"), Resource("pp", "s1", "40")));
        await s.CommitAsync(NewVersion("s1", "41", "Fix login redirect\nAdd metrics endpoint"), ("latest/version/s1.yaml", Version("41")));
        await s.CommitAsync(NewVersion("s1", "42", "Speed up search"), ("latest/version/s1.yaml", Version("42")));
        await s.CommitAsync("Bump s1 to 43 by hand\n\nHotfix for ticket 77\n", ("latest/version/s1.yaml", Version("43")));
        await s.CommitAsync(NewVersion("s2", "2.0", null), ("latest/version/s2.yaml", Version("2.0")), ("latest/base/s2.yaml", Base("s2")));

        var round = await s.RoundAsync();

        Assert.All(round.Outcomes, o => Assert.Equal(TransitionResult.Promoted, o.Decision.Result));
        var messages = s.Git("log", "-2", "--reverse", "--format=%B%x00", "main").Split('\0').Select(m => m.Trim('\n')).Where(m => m.Length > 0);
        var actual = string.Join("\n\n=====\n\n", messages) + "\n";
        var golden = Path.Combine(AppContext.BaseDirectory, "testdata", "promotion-messages.txt");
        if (Environment.GetEnvironmentVariable("DM_UPDATE_GOLDEN") == "1")
        {
            await System.IO.File.WriteAllTextAsync(Path.Combine(SourceDirectory(), "testdata", "promotion-messages.txt"), actual);
        }

        Assert.Equal(await System.IO.File.ReadAllTextAsync(golden), actual);
    }

    [Fact]
    public async Task A_batched_commit_gives_each_resource_the_changelog_of_its_own_section()
    {
        await using var s = await CreateAsync(Files(Chain, Resource("latest", "s1", "41"), Resource("dev", "s1", "41"), Resource("pp", "s1", "41"),
            Resource("latest", "s2", "1.0"), Resource("dev", "s2", "1.0"), Resource("pp", "s2", "1.0")));
        var batch = Dm.Git.BatchCommitMessage.Format([NewVersion("s1", "42", "Speed up search"), NewVersion("s2", "2.0", "New checkout flow")]);
        await s.CommitAsync(batch, ("latest/version/s1.yaml", Version("42")), ("latest/version/s2.yaml", Version("2.0")));

        var round = await s.RoundAsync();

        Assert.Equal(TransitionResult.Promoted, round.Outcomes.Single(o => o.Name == "to-dev").Decision.Result);
        var toDev = s.Git("log", "-1", "--format=%B", "main~1");
        var s1 = toDev.IndexOf("Speed up search", StringComparison.Ordinal);
        var s2 = toDev.IndexOf("New checkout flow", StringComparison.Ordinal);
        Assert.True(s1 > 0 && s2 > 0, toDev);
        Assert.Equal(1, CountOf(toDev, "Speed up search"));
        Assert.Equal(1, CountOf(toDev, "New checkout flow"));
        Assert.DoesNotContain("2 changes:", toDev, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static string NewVersion(string resource, string version, string? changelog) =>
        $"New version {resource} {version}\n\n{(changelog is null ? string.Empty : changelog + "\n\n")}DM-Action: new-version\nDM-Resource: {resource}\nDM-Version: {version}\nDM-Environment: latest\n";

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
