using System.Globalization;
using System.Text;
using Dm.Aggregator.Writes;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Tests;

/// <summary>The resource repo the aggregator tests start from: latest → dev → prod, two services (one in a subfolder).</summary>
internal static class TestRepo
{
    public static SortedDictionary<string, string> Files(int extraResources = 0)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployers.yaml"] = "deployers:\n  dev:\n    type: Kubernetes\n    namespace: dev\n  prod:\n    type: Kubernetes\n    namespace: prod\n",
            ["transitions.yaml"] = "transitions:\n  latest-to-dev:\n    source: latest\n    target: dev\n  dev-to-prod:\n    source: dev\n    target: prod\n    preconditions: [Manual]\n",
        };
        foreach (var env in new[] { "latest", "dev", "prod" })
        {
            files[$"{env}/base/web.yaml"] = Deployment("web");
            files[$"{env}/version/web.yaml"] = "version: \"1\"\nimage: \"reg/web:1\"\n";
            files[$"{env}/base/apps/api.yaml"] = Deployment("api");
            files[$"{env}/version/apps/api.yaml"] = "version: \"7\"\nimage: \"reg/api:7\"\n";
            for (var i = 0; i < extraResources; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D3}");
                files[$"{env}/base/{name}.yaml"] = Deployment(name);
                files[$"{env}/version/{name}.yaml"] = $"version: \"1\"\nimage: \"reg/{name}:1\"\n";
            }
        }

        return files;
    }

    public static string Deployment(string name) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: ${{image}}\n";

    /// <summary>A snapshot of <paramref name="files"/> (default <see cref="Files"/>) at revision <paramref name="revision"/>, made without git.</summary>
    public static RepoSnapshot Snapshot(IDictionary<string, string>? files = null, string revision = "rev") =>
        new(revision, (files ?? Files()).ToDictionary(
            f => f.Key,
            f => new RepoFile(f.Key, BatchPlanner.BlobId(Encoding.UTF8.GetBytes(f.Value), 40), Encoding.UTF8.GetBytes(f.Value))));

    /// <summary>The model of <see cref="Snapshot"/>.</summary>
    public static ResourceRepoModel Model(IDictionary<string, string>? files = null, string revision = "rev") =>
        new ResourceRepoReader().Read(Snapshot(files, revision));
}
