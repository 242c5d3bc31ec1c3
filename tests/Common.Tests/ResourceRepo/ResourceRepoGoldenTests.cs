using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>
/// Each folder under <c>testdata/</c> holds a resource repo (<c>repo/</c>) and the complete printed model
/// (<c>expected.txt</c>), including every error message. Set <c>DM_UPDATE_GOLDEN=1</c> to rewrite the expectations,
/// then review the diff.
/// </summary>
public sealed class ResourceRepoGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(TestSnapshots.TestData).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadsRepoAsExpected(string name)
    {
        var dir = Path.Combine(TestSnapshots.TestData, name);
        var model = new ResourceRepoReader().Read(TestSnapshots.FromDirectory(Path.Combine(dir, "repo")));
        var actual = ModelPrinter.Print(model);
        var expectedPath = Path.Combine(dir, "expected.txt");
        if (Environment.GetEnvironmentVariable("DM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadingTwiceGivesTheSameModelAndHashes(string name)
    {
        var snapshot = TestSnapshots.FromDirectory(Path.Combine(TestSnapshots.TestData, name, "repo"));
        var reader = new ResourceRepoReader();
        var first = reader.Read(snapshot);
        var fresh = new ResourceRepoReader().Read(snapshot);
        var cached = reader.Read(snapshot);
        Assert.Equal(ModelPrinter.Print(first), ModelPrinter.Print(fresh));
        Assert.Equal(ModelPrinter.Print(first), ModelPrinter.Print(cached));
        Assert.Equal(Fingerprints(first), Fingerprints(fresh));
        Assert.True(ResourceRepoChanges.Between(first, fresh).IsEmpty);
    }

    private static List<string> Fingerprints(ResourceRepoModel model) =>
        model.Environments.SelectMany(e => e.Resources.Select(r => $"{e.Name}/{r.Name}={r.Fingerprint}")).ToList();
}
