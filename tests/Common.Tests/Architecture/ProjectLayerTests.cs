using System.Reflection;
using System.Xml.Linq;

namespace Dm.Common.Tests.Architecture;

/// <summary>
/// Fails when a lower project references a higher one (in its .csproj or in the built assembly), when a project under
/// <c>src/</c> is missing from <see cref="ProjectLayers"/>, or when a library below the daemon shell takes ASP.NET.
/// </summary>
public sealed class ProjectLayerTests
{
    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var project in ProductProjects())
        {
            data.Add(Path.GetRelativePath(SourceTree.Root, project));
        }

        return data;
    }

    [Fact]
    public void Every_project_under_src_and_the_playground_has_a_place_in_the_layers()
    {
        var names = ProductProjects().Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(ProjectLayers.Allowed.Keys.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_references_only_the_layers_below_it(string relativePath)
    {
        var name = Path.GetFileNameWithoutExtension(relativePath);
        var references = ProjectReferences(Path.Combine(SourceTree.Root, relativePath));

        var forbidden = references.Where(r => !ProjectLayers.Allowed[name].Contains(r, StringComparer.Ordinal)).ToList();

        Assert.True(forbidden.Count == 0, $"{relativePath} references {string.Join(", ", forbidden)}, which it may not (allowed: {string.Join(", ", ProjectLayers.Allowed[name])}); see docs/architecture.md");
    }

    [Fact]
    public void No_layer_allows_a_cycle()
    {
        foreach (var (name, _) in ProjectLayers.Allowed)
        {
            Assert.DoesNotContain(name, Reachable(name));
        }
    }

    [Theory]
    [MemberData(nameof(LibrariesWithoutAspNet))]
    public void A_library_below_the_daemon_shell_does_not_take_AspNet(string library)
    {
        var project = ProductProjects().Single(p => Path.GetFileNameWithoutExtension(p) == library);
        var frameworks = XDocument.Load(project).Descendants("FrameworkReference").Select(e => (string?)e.Attribute("Include")).ToList();
        var assembly = Assembly.Load(library);
        var aspNet = assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).ToList();

        Assert.Empty(frameworks);
        Assert.Empty(aspNet);
    }

    [Theory]
    [MemberData(nameof(BuiltLibraries))]
    public void A_built_library_references_only_the_layers_below_it(string library)
    {
        var referenced = Assembly.Load(library).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(ProjectLayers.Allowed.ContainsKey)
            .ToList();

        Assert.All(referenced, r => Assert.Contains(r, ProjectLayers.Allowed[library]));
    }

    public static TheoryData<string> LibrariesWithoutAspNet() => new(ProjectLayers.WithoutAspNet);

    /// <summary>The libraries this test project is built against (the Common ones and GitFixture).</summary>
    public static TheoryData<string> BuiltLibraries() =>
        new(["Dm.Domain", "Dm.Git", "Dm.Kubernetes", "Dm.ResourceRepo", "Dm.Status", "Dm.Hosting", "Dm.GitFixture"]);

    private static HashSet<string> Reachable(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(ProjectLayers.Allowed[from]);
        while (queue.TryDequeue(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in ProjectLayers.Allowed.GetValueOrDefault(next, []))
                {
                    queue.Enqueue(further);
                }
            }
        }

        return seen;
    }

    private static List<string> ProjectReferences(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Where(e => (string?)e.Attribute("ReferenceOutputAssembly") != "false")
            .Select(e => Path.GetFileNameWithoutExtension(((string)e.Attribute("Include")!).Replace('\\', '/')))
            .ToList();

    private static IEnumerable<string> ProductProjects() =>
        Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "playground"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
