using System.Text;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>Hostile input: alias bombs, deep nesting, huge files, bad encodings and paths escaping the repo.</summary>
public sealed class ResourceRepoLimitsTests
{
    private static string Messages(ResourceRepoModel model) => string.Join("\n", model.Errors.Select(e => $"{e.Reason}: {e.Message}"));

    private static ResourceRepoModel Read(ResourceRepoOptions? options, params (string Path, string Content)[] files) =>
        new ResourceRepoReader(options).Read(TestSnapshots.FromFiles(files.Select(f => KeyValuePair.Create(f.Path, f.Content))));

    private const string Ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n";

    [Fact]
    public void BillionLaughsFailsFastOnTheNodeLimitAndOtherResourcesRender()
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = 'a';
        for (var level = 'b'; level <= 'i'; level++)
        {
            var refs = string.Join(",", Enumerable.Repeat("*" + previous, 10));
            yaml.Append("  ").Append(level).Append(": &").Append(level).Append(" [").Append(refs).Append("]\n");
            previous = level;
        }

        var model = Read(null, ("dev/deployable/lol.yaml", yaml.ToString()), ("dev/deployable/ok.yaml", Ok));

        Assert.Equal("YamlLimitExceeded: dev/deployable/lol.yaml:11:13: document expands to more than 200000 nodes (aliases included)", Messages(model));
        Assert.IsType<RenderedResource>(model.FindEnvironment("dev")!.Find("ok"));
        Assert.IsType<BrokenResource>(model.FindEnvironment("dev")!.Find("lol"));
    }

    [Fact]
    public void AliasUsesAreCapped()
    {
        var model = Read(new ResourceRepoOptions { MaxAliasesPerDocument = 2 },
            ("dev/deployable/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: &d {a: b}\ncopies: [*d, *d, *d]\n"));

        Assert.Equal("YamlLimitExceeded: dev/deployable/x.yaml:6:18: more than 2 alias uses in one document", Messages(model));
    }

    [Fact]
    public void AliasToItselfIsRejected()
    {
        var model = Read(null, ("dev/deployable/x.yaml", "a: &a [*a]\n"));

        Assert.Equal("InvalidYaml: dev/deployable/x.yaml:1:8: alias *a refers to no anchor defined before it", Messages(model));
    }

    [Fact]
    public void DeepNestingIsCapped()
    {
        var deep = Ok + "data:\n  x: " + new string('[', 150) + new string(']', 150) + "\n";

        var model = Read(null, ("dev/deployable/deep.yaml", deep));

        Assert.Equal("YamlLimitExceeded: dev/deployable/deep.yaml:6:104: nesting deeper than 100 levels", Messages(model));
    }

    [Fact]
    public void DeepNestingThroughAliasesIsCapped()
    {
        var model = Read(new ResourceRepoOptions { MaxNestingDepth = 10 },
            ("dev/deployable/deep.yaml", "a: &a [[[[[[1]]]]]]\nb: [[[[[*a]]]]]\n"));

        Assert.Equal("YamlLimitExceeded: dev/deployable/deep.yaml:2:9: nesting deeper than 10 levels (aliases included)", Messages(model));
    }

    [Fact]
    public void LargeFilesAreNotParsed()
    {
        var big = Ok + "data:\n  x: \"" + new string('x', 200) + "\"\n";

        var model = Read(new ResourceRepoOptions { MaxFileBytes = 100 }, ("dev/deployable/big.yaml", big), ("dev/deployable/ok.yaml", Ok));

        Assert.Equal($"FileTooLarge: dev/deployable/big.yaml: file is {Encoding.UTF8.GetByteCount(big)} bytes; the limit is 100 bytes", Messages(model));
        Assert.IsType<RenderedResource>(model.FindEnvironment("dev")!.Find("ok"));
    }

    [Fact]
    public void DefaultFileLimitIsOneMebibyte() => Assert.Equal(1024 * 1024, ResourceRepoOptions.Default.MaxFileBytes);

    [Fact]
    public void InvalidUtf8IsReported()
    {
        var snapshot = new RepoSnapshot("r", new Dictionary<string, RepoFile>
        {
            ["dev/deployable/bin.yaml"] = TestSnapshots.File("dev/deployable/bin.yaml", [0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
        });

        var model = new ResourceRepoReader().Read(snapshot);

        Assert.Equal("InvalidEncoding: dev/deployable/bin.yaml: file is not valid UTF-8", Messages(model));
    }

    [Theory]
    [InlineData("../dev/deployable/x.yaml")]
    [InlineData("/etc/dev/deployable/x.yaml")]
    [InlineData("dev/deployable/../../x.yaml")]
    [InlineData("dev//deployable/x.yaml")]
    [InlineData("dev/./deployable/x.yaml")]
    [InlineData("dev\\deployable\\x.yaml")]
    [InlineData("C:/dev/deployable/x.yaml")]
    public void PathsOutsideTheRepoAreRejected(string path)
    {
        var model = Read(null, (path, Ok), ("dev/deployable/ok.yaml", Ok));

        Assert.Equal($"InvalidPath: {path}: path is not a plain relative path inside the repo (no leading '/', '\\', '.', '..' or empty segments)", Messages(model));
        Assert.Equal(["ok"], model.FindEnvironment("dev")!.Resources.Select(r => r.Name));
    }

    [Fact]
    public void NonsensicalLimitsAreRejectedAtConstruction()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceRepoReader(new ResourceRepoOptions { MaxFileBytes = 0 }));
        Assert.Equal("MaxFileBytes", e.ParamName);
    }

    [Fact]
    public void DuplicateKeysAreFoundInLargeMappings()
    {
        var data = string.Concat(Enumerable.Range(0, 40).Select(i => $"  k{i}: v\n")) + "  k3: again\n";

        var model = Read(null, ("dev/deployable/x.yaml", Ok + "data:\n" + data));

        Assert.Equal("DuplicateKey: dev/deployable/x.yaml:46:3: duplicate key \"k3\"", Messages(model));
    }
}
