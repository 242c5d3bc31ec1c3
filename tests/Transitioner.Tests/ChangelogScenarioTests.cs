using System.Runtime.CompilerServices;
using Dm.Common.Status;
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

    private static string NewVersion(string resource, string version, string? changelog) =>
        $"New version {resource} {version}\n\n{(changelog is null ? string.Empty : changelog + "\n\n")}DM-Action: new-version\nDM-Resource: {resource}\nDM-Version: {version}\nDM-Environment: latest\n";

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
