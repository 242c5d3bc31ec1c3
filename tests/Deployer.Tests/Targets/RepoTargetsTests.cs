using System.Security.Cryptography;
using System.Text;
using Dm.Deployer.Planning;
using Dm.Deployer.Reconcile;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Deployer.Tests.Targets;

public sealed class RepoTargetsTests
{
    private const string TwoTargets = """
        deployers:
          dev:
            type: Kubernetes
            context: sim
            namespace: dev
          qa:
            type: Kubernetes
            context: sim
            namespace: qa
        """;

    private static readonly Dictionary<string, string> Folders = new()
    {
        ["dev/deployable/a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
        ["qa/deployable/a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
    };

    private static ResourceRepoModel Read(string deployers, params string[] without)
    {
        var files = new Dictionary<string, RepoFile>(StringComparer.Ordinal);
        foreach (var (path, content) in Folders.Where(f => !without.Contains(f.Key)).Append(new("deployers.yaml", deployers)))
        {
            var bytes = Encoding.UTF8.GetBytes(content);
#pragma warning disable CA5350 // SHA-1 is git's object id, not a security measure
            files[path] = new RepoFile(path, Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes])), bytes);
#pragma warning restore CA5350
        }

        return new ResourceRepoReader().Read(new RepoSnapshot("r", files));
    }

    [Fact]
    public void A_valid_file_deploys_every_environment_with_a_folder()
    {
        var targets = RepoTargets.From(Read(TwoTargets), lastGood: null);

        Assert.Equal(["dev", "qa"], targets.Targets.Select(t => t.Environment));
        Assert.Empty(targets.InvalidTargets);
        Assert.Null(targets.FileProblem);
    }

    [Theory]
    [InlineData("\n  - [unclosed\n")]
    [InlineData("\nfoo: 1\n")]
    public void An_unreadable_file_keeps_the_last_good_targets_but_not_one_whose_folder_is_gone(string breakage)
    {
        var lastGood = RepoTargets.From(Read(TwoTargets), lastGood: null).Targets;

        var targets = RepoTargets.From(Read(TwoTargets + breakage, "qa/deployable/a.yaml"), lastGood);

        Assert.NotNull(targets.FileProblem);
        Assert.Equal(["dev"], targets.Targets.Select(t => t.Environment));
        Assert.Contains("no folder", targets.InvalidTargets["qa"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_without_last_good_targets_deploys_what_it_can_read()
    {
        var targets = RepoTargets.From(Read(TwoTargets + "\nfoo: 1\n"), lastGood: null);

        Assert.NotNull(targets.FileProblem);
        Assert.Equal(["dev", "qa"], targets.Targets.Select(t => t.Environment));
    }

    [Theory]
    [InlineData("\n  - [unclosed\n")]
    [InlineData("\nfoo: 1\n")]
    public void An_unreadable_file_never_prunes_with_or_without_last_good_targets(string breakage)
    {
        var pruning = TwoTargets.Replace("namespace: dev", "namespace: dev\n    prune: true", StringComparison.Ordinal);
        var lastGood = RepoTargets.From(Read(pruning), lastGood: null).Targets;
        Assert.True(lastGood.Single(t => t.Environment == "dev").Prune);

        var kept = RepoTargets.From(Read(pruning + breakage), lastGood);
        var fresh = RepoTargets.From(Read(pruning + breakage), lastGood: null);

        Assert.NotNull(kept.FileProblem);
        Assert.All(kept.Targets, t => Assert.False(t.Prune));
        Assert.Contains(kept.Targets, t => t.Environment == "dev");
        Assert.All(fresh.Targets, t => Assert.False(t.Prune));
    }

    [Theory]
    [InlineData("    prune: yes please\n")]
    [InlineData("    prune: true\n    prnue: true\n")]
    [InlineData("    prune: [true]\n")]
    public void An_unreadable_entry_with_prune_is_not_deployed_at_all(string entry)
    {
        var broken = TwoTargets.Replace("    namespace: dev\n", "    namespace: dev\n" + entry, StringComparison.Ordinal);

        var targets = RepoTargets.From(Read(broken), lastGood: null);

        Assert.DoesNotContain(targets.Targets, t => t.Environment == "dev");
        Assert.Contains("deployers.yaml", targets.InvalidTargets["dev"], StringComparison.Ordinal);
        Assert.Equal(["qa"], targets.Targets.Select(t => t.Environment));
    }
}
