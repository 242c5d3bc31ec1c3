using System.Text;
using System.Text.Json.Nodes;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>docs/schema accepts the files DM reads without errors, and rejects the broken ones.</summary>
public sealed class ResourceRepoSchemaTests
{
    private static readonly string Docs = Path.GetFullPath(Path.Combine(TestSnapshots.TestData, "..", "..", "..", "..", "docs"));

    private static string SchemaFor(string path) => Path.GetFileName(path) switch
    {
        "deployers.yaml" => "deployers",
        "transitions.yaml" => "transitions",
        "transition_state.yaml" => "transition_state",
        "locks.yaml" => "locks",
        "notifications.yaml" => "notifications",
        _ when path.Contains("/version/", StringComparison.Ordinal) => "version",
        _ => "",
    };

    private static List<string> Validate(string path, string yaml)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Docs, "schema", SchemaFor(path) + ".schema.json")))!.AsObject();
        var parsed = YamlFileParser.Parse(Encoding.UTF8.GetBytes(yaml), ResourceRepoOptions.Default);
        Assert.Null(parsed.Failure);
        var document = parsed.Documents.FirstOrDefault(d => d is not null);
        var json = document is null ? null : ManifestRenderer.ToJson(document, null, []);
        return new SchemaSubsetValidator(schema).Validate(json);
    }

    public static TheoryData<string, string> ValidFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "cautious-tribble-layout", "template-basic", "deployable-basic" })
        {
            var repo = Path.Combine(TestSnapshots.TestData, name, "repo");
            foreach (var file in Directory.EnumerateFiles(repo, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var path = Path.GetRelativePath(repo, file).Replace('\\', '/');
                if (SchemaFor(path).Length > 0)
                {
                    data.Add($"{name}/{path}", File.ReadAllText(file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void SchemasAcceptFilesTheReaderAccepts(string path, string yaml) => Assert.Empty(Validate(path, yaml));

    [Fact]
    public void SchemasAcceptTheDocumentedExamples()
    {
        var markdown = File.ReadAllText(Path.Combine(Docs, "resource-repo.md"));
        var blocks = System.Text.RegularExpressions.Regex.Matches(markdown, "```yaml file=(?<path>\\S+)\\n(?<content>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        var checkedFiles = 0;
        foreach (System.Text.RegularExpressions.Match block in blocks)
        {
            var path = block.Groups["path"].Value;
            if (SchemaFor(path).Length > 0)
            {
                Assert.Empty(Validate(path, block.Groups["content"].Value));
                checkedFiles++;
            }
        }

        Assert.Equal(6, checkedFiles);
    }

    [Theory]
    [InlineData("deployers")]
    [InlineData("transitions")]
    [InlineData("transition-state")]
    [InlineData("locks")]
    public void SchemasRejectTheBrokenGoldenFiles(string name)
    {
        var repo = Path.Combine(TestSnapshots.TestData, name, "repo");
        var errors = Directory.EnumerateFiles(repo, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repo, f).Replace('\\', '/'))
            .Where(p => SchemaFor(p).Length > 0)
            .SelectMany(p => Validate(p, File.ReadAllText(Path.Combine(repo, p))))
            .ToList();

        Assert.NotEmpty(errors);
    }
}
