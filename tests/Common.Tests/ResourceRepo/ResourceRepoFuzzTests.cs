using System.Text;
using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>Seeded mutations of the golden repos: reading never throws, and every problem is a reported error.</summary>
public sealed class ResourceRepoFuzzTests
{
    private static readonly byte[] Specials = Encoding.ASCII.GetBytes("[]{}:-?&*!|>'\"%@`#,$\t\n ~0");

    [Theory]
    [InlineData("template-basic", 1)]
    [InlineData("transitions", 2)]
    [InlineData("locks", 3)]
    [InlineData("deployers", 4)]
    [InlineData("cautious-tribble-layout", 5)]
    public void MutatedFilesAreReportedNotThrown(string name, int seed)
    {
        var snapshot = TestSnapshots.FromDirectory(Path.Combine(TestSnapshots.TestData, name, "repo"));
        var random = new Random(seed);
        var reader = new ResourceRepoReader(new ResourceRepoOptions { MaxDegreeOfParallelism = 1 });
        var paths = snapshot.Files.Keys.Order(StringComparer.Ordinal).ToList();
        for (var round = 0; round < 300; round++)
        {
            var path = paths[random.Next(paths.Count)];
            var content = snapshot.Files[path].Content.ToArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0 && content.Count > 0; edits--)
            {
                var at = random.Next(content.Count);
                switch (random.Next(3))
                {
                    case 0: content[at] = Specials[random.Next(Specials.Length)]; break;
                    case 1: content.Insert(at, Specials[random.Next(Specials.Length)]); break;
                    default: content.RemoveRange(at, Math.Min(content.Count - at, random.Next(1, 20))); break;
                }
            }

            var mutated = new Dictionary<string, RepoFile>(snapshot.Files) { [path] = TestSnapshots.File(path, [.. content]) };

            var model = reader.Read(new RepoSnapshot($"r{round}", mutated));

            Assert.All(model.Errors, e => Assert.DoesNotContain(Reasons.RenderFailed, e.Reason, StringComparison.Ordinal));
            Assert.All(model.Errors, e => Assert.StartsWith(e.File, e.Message, StringComparison.Ordinal));
        }
    }
}
