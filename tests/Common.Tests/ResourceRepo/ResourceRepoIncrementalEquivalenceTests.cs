using System.Globalization;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>
/// A long-lived reader (reusing its classification, environments and caches) must read every snapshot exactly as a
/// fresh reader does, through random sequences of edits that include broken files, added and removed paths, and
/// changes to deployers.yaml, locks and transitions.
/// </summary>
public sealed class ResourceRepoIncrementalEquivalenceTests
{
    private static readonly string[] Environments = ["dev", "pp", "prod", "Bad_Env"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomEditSequencesReadAsAFreshReaderReadsThem(int seed)
    {
        var random = new Random(seed);
        var files = InitialFiles();
        var reader = new ResourceRepoReader(new ResourceRepoOptions { MaxDegreeOfParallelism = 2 });
        var history = new List<Dictionary<string, string>>();
        for (var step = 0; step < 120; step++)
        {
            files = random.Next(12) == 0 && history.Count > 0
                ? new Dictionary<string, string>(history[random.Next(history.Count)], StringComparer.Ordinal)
                : Edit(files, random);
            history.Add(files);
            var snapshot = TestSnapshots.FromFiles(files, string.Create(CultureInfo.InvariantCulture, $"r{step}"));

            var incremental = reader.Read(snapshot);
            var fresh = new ResourceRepoReader(new ResourceRepoOptions { MaxDegreeOfParallelism = 1 }).Read(snapshot);

            Assert.Equal(ModelPrinter.Print(fresh), ModelPrinter.Print(incremental));
            Assert.Equal(fresh.Errors, incremental.Errors);
        }
    }

    [Fact]
    public void OneChangedFileKeepsTheOtherEnvironmentsResourcesShared()
    {
        var reader = new ResourceRepoReader();
        var files = InitialFiles();
        var first = reader.Read(TestSnapshots.FromFiles(files, "r1"));
        files["pp/version/svc-1.yaml"] = "version: \"9.9\"\nimage: reg/svc-1:9.9\n";

        var second = reader.Read(TestSnapshots.FromFiles(files, "r2"));

        Assert.Equal(1, reader.LastRead.ResourcesRendered);
        Assert.Same(first.FindEnvironment("dev")!.Resources, second.FindEnvironment("dev")!.Resources);
        Assert.Same(first.FindEnvironment("prod")!.Resources, second.FindEnvironment("prod")!.Resources);
        Assert.NotSame(first.FindEnvironment("pp")!.Resources, second.FindEnvironment("pp")!.Resources);
        Assert.Equal("9.9", second.FindEnvironment("pp")!.Find("svc-1")!.Version);
        Assert.Equal([new ResourceChange("pp", "svc-1", ResourceChangeKind.Changed)], ResourceRepoChanges.Between(first, second).Resources);
    }

    [Fact]
    public void ReadingTheSameSnapshotAgainReusesEverything()
    {
        var reader = new ResourceRepoReader();
        var snapshot = TestSnapshots.FromFiles(InitialFiles(), "r1");
        var first = reader.Read(snapshot);

        var again = reader.Read(snapshot with { Revision = "r2" });

        Assert.Equal(0, reader.LastRead.ResourcesRendered);
        Assert.Equal("r2", again.Revision);
        Assert.Equal(ModelPrinter.Print(first).Replace("revision: r1", "revision: r2", StringComparison.Ordinal), ModelPrinter.Print(again));
    }

    [Fact]
    public void ADictionaryChangedInPlaceBetweenReadsIsStillSeenToChange()
    {
        var reader = new ResourceRepoReader();
        var files = new Dictionary<string, RepoFile>(TestSnapshots.FromFiles(InitialFiles()).Files, StringComparer.Ordinal);
        _ = reader.Read(new RepoSnapshot("r1", files));
        files["dev/version/svc-2.yaml"] = TestSnapshots.File("dev/version/svc-2.yaml", "version: \"7\"\nimage: x\n"u8.ToArray());

        var second = reader.Read(new RepoSnapshot("r2", files));

        Assert.Equal("7", second.FindEnvironment("dev")!.Find("svc-2")!.Version);
        Assert.Equal(1, reader.LastRead.ResourcesRendered);
    }

    private static Dictionary<string, string> InitialFiles()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployers.yaml"] = Deployers(["dev", "pp", "prod"]),
            ["transitions.yaml"] = "transitions:\n  to-pp:\n    source: dev\n    target: pp\n",
            ["transition_state.yaml"] = "to-pp:\n  last_run: 2024-05-01T12:00:00Z\n",
            ["prod/locks.yaml"] = "env_lock:\n  reasons: [freeze]\n",
            ["docs/readme.md"] = "# repo\n",
        };
        foreach (var env in Environments)
        {
            for (var i = 0; i < 4; i++)
            {
                files[$"{env}/base/svc-{i}.yaml"] = Base(i, "svc-" + i);
                files[$"{env}/version/svc-{i}.yaml"] = $"version: \"1.{i}\"\nimage: reg/svc-{i}:1.{i}\n";
            }

            files[$"{env}/deployable/config.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n";
        }

        return files;
    }

    private static string Deployers(IEnumerable<string> environments) =>
        "deployers:\n" + string.Concat(environments.Select(e => $"  {e}:\n    type: Kubernetes\n    namespace: {e}\n"));

    private static string Base(int i, string objectName) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {objectName}\nspec:\n  replicas: {i + 1}\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${{image}}\n";

    private static Dictionary<string, string> Edit(Dictionary<string, string> current, Random random)
    {
        var files = new Dictionary<string, string>(current, StringComparer.Ordinal);
        var env = Environments[random.Next(Environments.Length)];
        var i = random.Next(6);
        switch (random.Next(14))
        {
            case 0 or 1:
                files[$"{env}/version/svc-{i}.yaml"] = $"version: \"{random.Next(100)}.0\"\nimage: reg/svc-{i}:{random.Next(100)}\n";
                break;
            case 2:
                files[$"{env}/version/svc-{i}.yaml"] = random.Next(3) switch
                {
                    0 => "version: [1.2, 3\n",
                    1 => "image: reg/x:1\n",
                    _ => "- not a map\n",
                };
                break;
            case 3:
                files[$"{env}/base/svc-{i}.yaml"] = Base(random.Next(5), "svc-" + random.Next(6));
                break;
            case 4:
                files[$"{env}/base/svc-{i}.yaml"] = random.Next(2) == 0 ? "kind: [\n" : Base(i, "svc-" + i).Replace("${image}", "${missing}", StringComparison.Ordinal);
                break;
            case 5:
                files[$"{env}/deployable/config.yaml"] = random.Next(2) == 0
                    ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: svc-1\n"
                    : "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  k: \"" + random.Next(100) + "\"\n";
                break;
            case 6:
                files[$"{env}/locks.yaml"] = random.Next(3) switch
                {
                    0 => "env_lock:\n  reasons: [x]\n",
                    1 => "resource_locks:\n  svc-1:\n    reasons: [y]\n",
                    _ => "env_lock: [\n",
                };
                break;
            case 7:
                files["deployers.yaml"] = random.Next(4) == 0 ? "deployers: [\n" : Deployers(Environments.Where(_ => random.Next(3) > 0).Append("ghost").Where(_ => random.Next(2) == 0));
                break;
            case 8:
                files["transition_state.yaml"] = random.Next(3) == 0 ? "to-pp: [\n" : $"to-pp:\n  last_run: 2024-05-0{random.Next(1, 9)}T12:00:00Z\n";
                break;
            case 9:
                files["transitions.yaml"] = random.Next(3) == 0 ? "transitions: 3\n" : $"transitions:\n  to-{env.ToLowerInvariant()}:\n    source: dev\n    target: {env}\n";
                break;
            case 10:
                files.Remove($"{env}/{(random.Next(2) == 0 ? "base" : "version")}/svc-{i}.yaml");
                break;
            case 11:
                files[$"{env}/deployable/extra-{i}.yaml"] = $"apiVersion: v1\nkind: Service\nmetadata:\n  name: extra-{i}\n";
                break;
            case 12:
                files[$"{env}/base/notes-{i}.txt"] = "not yaml " + random.Next(100);
                break;
            default:
                files["docs/readme.md"] = "# repo " + random.Next(100);
                break;
        }

        return files;
    }
}
