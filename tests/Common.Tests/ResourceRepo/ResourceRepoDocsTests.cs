using System.Text.RegularExpressions;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>The examples in docs/resource-repo.md (code blocks marked <c>file=path</c>) form a repo DM reads without errors.</summary>
public sealed partial class ResourceRepoDocsTests
{
    [GeneratedRegex("```yaml file=(?<path>\\S+)\\n(?<content>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FileBlock();

    private static RepoSnapshot DocsRepo()
    {
        var docs = Path.GetFullPath(Path.Combine(TestSnapshots.TestData, "..", "..", "..", "..", "docs", "resource-repo.md"));
        var files = FileBlock().Matches(File.ReadAllText(docs)).Select(m => KeyValuePair.Create(m.Groups["path"].Value, m.Groups["content"].Value)).ToList();
        Assert.True(files.Count >= 7, $"expected the documented example files in {docs}");
        return TestSnapshots.FromFiles(files);
    }

    [Fact]
    public void DocumentedExamplesReadWithoutErrors()
    {
        var model = new ResourceRepoReader().Read(DocsRepo());

        Assert.Empty(model.Errors);
        Assert.Equal(["dev", "prod"], model.Deployers.Select(d => d.Environment));
        Assert.Equal(["dev", "prod"], model.Transitions.Select(t => t.Name));
        Assert.True(model.FindEnvironment("prod")!.Locks.IsEnvironmentLocked);
        Assert.True(model.FindEnvironment("prod")!.Locks.IsResourceLocked("web"));
        Assert.Equal("playground-prod", model.FindDeployer("prod")!.Context);
        Assert.Equal(DateTimeOffset.Parse("2024-05-06T07:00:03Z", System.Globalization.CultureInfo.InvariantCulture), model.FindTransitionState("prod")!.LastRun);
        var web = Assert.IsType<RenderedResource>(model.FindEnvironment("dev")!.Find("web"));
        Assert.Equal("1.4.2", web.Version);
        var deployment = web.Manifests[0].Content;
        Assert.Equal("1.4.2", deployment["metadata"]!["labels"]!["app.kubernetes.io/version"]!.GetValue<string>());
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<long>());
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("registry.example.com/web:1.4.2", container["image"]!.GetValue<string>());
        Assert.Equal("--greeting=costs $5", container["args"]![0]!.GetValue<string>());
    }
}
