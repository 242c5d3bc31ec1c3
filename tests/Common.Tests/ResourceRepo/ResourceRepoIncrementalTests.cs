using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>The reader's cache: one changed file re-parses and re-renders one resource, and results stay pure.</summary>
public sealed class ResourceRepoIncrementalTests
{
    private static RepoSnapshot Repo(int resourcesPerEnvironment)
    {
        var files = new Dictionary<string, string>
        {
            ["deployers.yaml"] = "deployers:\n  dev:\n    type: Kubernetes\n    namespace: dev\n  prod:\n    type: Kubernetes\n    namespace: prod\n",
            ["prod/locks.yaml"] = "env_lock:\n  reasons: [freeze]\n",
        };
        foreach (var env in new[] { "dev", "prod" })
        {
            for (var i = 0; i < resourcesPerEnvironment; i++)
            {
                files[$"{env}/base/s{i}.yaml"] = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: s{i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${{image}}\n";
                files[$"{env}/version/s{i}.yaml"] = $"version: \"1\"\nimage: reg/s{i}:1\n";
            }

            files[$"{env}/deployable/config.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n";
        }

        return TestSnapshots.FromFiles(files, "rev1");
    }

    [Fact]
    public void OneChangedVersionFileRendersOnlyThatResource()
    {
        var reader = new ResourceRepoReader();
        var first = reader.Read(Repo(10));

        // dev and prod hold identical files: parse results are shared by blob id, renders are per environment.
        Assert.Equal(new ResourceRepoReadStatistics(FilesParsed: 23, FilesReused: 0, ResourcesRendered: 22, ResourcesReused: 0), reader.LastRead);

        var changed = TestSnapshots.With(Repo(10), "dev/version/s3.yaml", "version: \"2\"\nimage: reg/s3:2\n", "rev2");
        var second = reader.Read(changed);

        Assert.Equal(new ResourceRepoReadStatistics(FilesParsed: 1, FilesReused: 2, ResourcesRendered: 1, ResourcesReused: 21), reader.LastRead);
        Assert.Equal([new ResourceChange("dev", "s3", ResourceChangeKind.Changed)], ResourceRepoChanges.Between(first, second).Resources);
        Assert.Equal(["dev"], ResourceRepoChanges.Between(first, second).Environments);
        Assert.Same(first.FindEnvironment("dev")!.Find("s4"), second.FindEnvironment("dev")!.Find("s4"));
        var s3 = Assert.IsType<RenderedResource>(second.FindEnvironment("dev")!.Find("s3"));
        Assert.Equal("2", s3.Version);
        Assert.Equal("reg/s3:2", s3.Manifests[0].Content["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(ModelPrinter.Print(new ResourceRepoReader().Read(changed)), ModelPrinter.Print(second));

        // The parse cache survives renders taken from the cache: changing another version file parses just that file.
        var third = reader.Read(TestSnapshots.With(changed, "prod/version/s7.yaml", "version: \"3\"\nimage: reg/s7:3\n", "rev3"));
        Assert.Equal(new ResourceRepoReadStatistics(FilesParsed: 1, FilesReused: 2, ResourcesRendered: 1, ResourcesReused: 21), reader.LastRead);
        Assert.Equal([new ResourceChange("prod", "s7", ResourceChangeKind.Changed)], ResourceRepoChanges.Between(second, third).Resources);
    }

    [Fact]
    public void ChangingABaseFileChangesTheContentHash()
    {
        var reader = new ResourceRepoReader();
        var first = reader.Read(Repo(3));
        var changed = TestSnapshots.With(Repo(3), "prod/base/s1.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: s1\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n", "rev2");

        var second = reader.Read(changed);

        var before = Assert.IsType<RenderedResource>(first.FindEnvironment("prod")!.Find("s1"));
        var after = Assert.IsType<RenderedResource>(second.FindEnvironment("prod")!.Find("s1"));
        Assert.Equal(before.Version, after.Version);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
        Assert.Equal([new ResourceChange("prod", "s1", ResourceChangeKind.Changed)], ResourceRepoChanges.Between(first, second).Resources);
        Assert.Equal(1, reader.LastRead.ResourcesRendered);
    }

    [Fact]
    public void AddedAndRemovedResourcesAreReported()
    {
        var reader = new ResourceRepoReader();
        var first = reader.Read(Repo(3));
        var files = Repo(3).Files.Where(f => !f.Key.StartsWith("dev/base/s2", StringComparison.Ordinal) && !f.Key.StartsWith("dev/version/s2", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => f.Value);
        var removed = new RepoSnapshot("rev2", files);
        var added = TestSnapshots.With(removed, "prod/deployable/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n", "rev3");

        var second = reader.Read(added);

        Assert.Equal(
            [new ResourceChange("dev", "s2", ResourceChangeKind.Removed), new ResourceChange("prod", "extra", ResourceChangeKind.Added)],
            ResourceRepoChanges.Between(first, second).Resources);
        Assert.Equal(1, reader.LastRead.ResourcesRendered);
        Assert.Equal(8, ResourceRepoChanges.Between(null, second).Resources.Count);
    }

    [Fact]
    public void BreakingAndFixingAResourceAreChanges()
    {
        var reader = new ResourceRepoReader();
        var good = reader.Read(Repo(2));
        var broken = reader.Read(TestSnapshots.With(Repo(2), "dev/version/s0.yaml", "version: \"1\"\n", "rev2"));
        var fixedAgain = reader.Read(Repo(2));

        var error = Assert.Single(Assert.IsType<BrokenResource>(broken.FindEnvironment("dev")!.Find("s0")).Errors);
        Assert.Equal("dev/base/s0.yaml:10:16: placeholder ${image} has no value in dev/version/s0.yaml", error.Message);
        Assert.Equal([new ResourceChange("dev", "s0", ResourceChangeKind.Changed)], ResourceRepoChanges.Between(good, broken).Resources);
        Assert.Equal([new ResourceChange("dev", "s0", ResourceChangeKind.Changed)], ResourceRepoChanges.Between(broken, fixedAgain).Resources);
        Assert.True(ResourceRepoChanges.Between(good, fixedAgain).IsEmpty);
    }

    [Fact]
    public void ContentHashIsStableAndIgnoresKeyOrder()
    {
        static string Hash(string yaml) =>
            Assert.IsType<RenderedResource>(new ResourceRepoReader().Read(TestSnapshots.FromFiles([KeyValuePair.Create("dev/deployable/x.yaml", yaml)]))
                .FindEnvironment("dev")!.Find("x")).ContentHash;

        var a = Hash("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \"1\"\n  b: 2\n");
        var b = Hash("kind: ConfigMap\ndata:\n  b: 2\n  a: \"1\"\nmetadata:\n  name: x\napiVersion: v1\n");
        var c = Hash("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n  b: 2\n");

        // SHA-256 of {"apiVersion":"v1","data":{"a":"1","b":2},"kind":"ConfigMap","metadata":{"name":"x"}} inside [ ].
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            "[{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\",\"b\":2},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}]"u8)), a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ParallelAndSequentialRenderingGiveTheSameModel()
    {
        var snapshot = TestSnapshots.With(Repo(60), "dev/version/s5.yaml", "image: reg/s5:1\n", "rev2");

        var parallel = new ResourceRepoReader(new ResourceRepoOptions { MaxDegreeOfParallelism = 4 }).Read(snapshot);
        var sequential = new ResourceRepoReader(new ResourceRepoOptions { MaxDegreeOfParallelism = 1 }).Read(snapshot);

        Assert.Equal(ModelPrinter.Print(sequential), ModelPrinter.Print(parallel));
        Assert.Equal("InvalidVersionFile: dev/version/s5.yaml:1:1: version file has no \"version\" value", Assert.Single(parallel.Errors).ToString());
    }
}
