namespace Dm.GitFixture.Tests;

public sealed class FixtureTemplateTests
{
    [Fact]
    public void Parses_the_cautious_tribble_shape()
    {
        var template = FixtureTemplate.Parse("""
            commits:
              - files:
                  a/b/1: xx
                  a/b/2: |
                    multi
                    line
                name: first
              - name: second
                message: Custom message
                parent: first
                files:
                  n: 42
                  empty: ""
            """);

        Assert.Equal(2, template.Commits.Count);
        Assert.Equal(new Dictionary<string, string> { ["a/b/1"] = "xx", ["a/b/2"] = "multi\nline\n" }, template.Commits[0].Files);
        Assert.Equal("Commit first", template.Commits[0].EffectiveMessage);
        Assert.Equal("Custom message", template.Commit("second").EffectiveMessage);
        Assert.Equal("first", template.Commits[1].Parent);
        Assert.Equal(new Dictionary<string, string> { ["empty"] = string.Empty, ["n"] = "42" }, template.Commits[1].Files);
    }

    [Theory]
    [InlineData("commits:\n  - name: a\n    files: {}\n  - parent: b\n    files: {}\n", "t.yaml: commit #2: parent 'b' does not name an earlier commit.")]
    [InlineData("commits:\n  - name: a\n    parent: a\n    files: {}\n", "t.yaml: commit #1 ('a'): parent 'a' does not name an earlier commit.")]
    [InlineData("commits:\n  - name: a\n    files: {}\n  - name: a\n    files: {}\n", "t.yaml: commit #2 ('a'): the name 'a' is already used by an earlier commit.")]
    [InlineData("commits:\n  - files:\n      ../escape: x\n", "t.yaml: commit #1: file '../escape': the path has a '..' segment.")]
    [InlineData("commits:\n  - files:\n      /abs: x\n", "t.yaml: commit #1: file '/abs': the path is absolute; it must be relative to the repo root.")]
    [InlineData("commits:\n  - files:\n      .git/config: x\n", "t.yaml: commit #1: file '.git/config': the path has a '.git' segment.")]
    [InlineData("commits:\n  - files:\n      a: x\n      a/b: y\n", "t.yaml: commit #1: 'a' is a file, so 'a/b' cannot be inside it.")]
    [InlineData("commits: []\n", "t.yaml: 'commits' is missing or empty; a fixture needs at least one commit.")]
    [InlineData("", "t.yaml: 'commits' is missing or empty; a fixture needs at least one commit.")]
    public void Rejects_unusable_fixtures_precisely(string yaml, string message) =>
        Assert.Equal(message, Assert.Throws<FixtureException>(() => FixtureTemplate.Parse(yaml, "t.yaml")).Message);

    [Fact]
    public void Reports_yaml_errors_with_line_and_column()
    {
        var error = Assert.Throws<FixtureException>(() => FixtureTemplate.Parse("commits:\n  - files: {}\n    nmae: typo\n", "t.yaml"));

        Assert.StartsWith("t.yaml: line 3, column 5: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("nmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_broken_yaml_syntax_with_its_position()
    {
        var error = Assert.Throws<FixtureException>(() => FixtureTemplate.Parse("commits:\n  - files: { a: [\n", "t.yaml"));

        Assert.StartsWith("t.yaml: line ", error.Message, StringComparison.Ordinal);
    }
}
