using System.Text;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Transitioner.Policy;

namespace Dm.Transitioner.Tests;

/// <summary><see cref="RepoVersions"/>: the version files of each environment of one head, the same as <see cref="EnvironmentVersions.From(RepoSnapshot, ResourceRepoModel, string)"/>.</summary>
public sealed class RepoVersionsTests
{
    private static RepoSnapshot Snapshot(params (string Path, string Content)[] files) =>
        new("0000000000000000000000000000000000000002", files.ToDictionary(
            f => f.Path,
            f => new RepoFile(f.Path, "blob-" + f.Content.GetHashCode(StringComparison.Ordinal), Encoding.UTF8.GetBytes(f.Content)),
            StringComparer.Ordinal));

    [Fact]
    public void Each_environment_has_the_version_files_a_scan_of_the_whole_snapshot_gives()
    {
        var snapshot = Snapshot(
            ("transitions.yaml", "transitions:\n  to-dev:\n    source: latest\n    target: dev\n"),
            ("latest/version/web.yaml", "version: \"2\"\n"),
            ("latest/version/team/api.yaml", "version: \"7\"\n"),
            ("latest/version/broken.yaml", "version: [\n"),
            ("latest/base/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  version: $version\n"),
            ("latest/versions/stray.yaml", "version: \"9\"\n"),
            ("dev/version/web.yaml", "version: \"1\"\n"),
            ("dev/locks.yaml", "environment:\n  - reason: freeze\n"),
            ("version/top.yaml", "version: \"3\"\n"));
        var model = new ResourceRepoReader().Read(snapshot);
        var versions = new RepoVersions(snapshot, model);

        foreach (var environment in new[] { "latest", "dev", "missing", "latest/version", "" })
        {
            var expected = EnvironmentVersions.From(snapshot, model, environment);
            var actual = versions.Of(environment);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Same(expected.Locks, actual.Locks);
            Assert.Equal(expected.Files, actual.Files);
        }

        Assert.Equal(["broken.yaml", "team/api.yaml", "web.yaml"], versions.Of("latest").Files.Select(f => f.RelativePath));
        Assert.Same(versions.Of("dev"), versions.Of("dev"));
        Assert.Equal(snapshot.Revision, versions.Revision);
    }
}
