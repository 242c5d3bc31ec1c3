namespace Dm.Common.Tests.Architecture;

/// <summary>
/// The one-way arrows between DM's projects (docs/architecture.md draws them): each project under <c>src/</c> and the
/// playground with the DM projects it may reference. A project not listed here, or a reference not allowed, fails
/// <see cref="ProjectLayerTests"/>.
/// </summary>
internal static class ProjectLayers
{
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Dm.Domain"] = [],
        ["Dm.Git"] = ["Dm.Domain"],
        ["Dm.Kubernetes"] = ["Dm.Domain"],
        ["Dm.ResourceRepo"] = ["Dm.Domain", "Dm.Git"],
        ["Dm.Status"] = ["Dm.Domain"],
        ["Dm.Hosting"] = ["Dm.Domain", "Dm.Kubernetes"],
        ["Dm.GitFixture"] = ["Dm.Git"],
        ["Dm.ClusterSimulator"] = ["Dm.Domain"],
        ["Dm.Deployer"] = ["Dm.Domain", "Dm.Git", "Dm.Kubernetes", "Dm.ResourceRepo", "Dm.Status", "Dm.Hosting"],
        ["Dm.Transitioner"] = ["Dm.Domain", "Dm.Git", "Dm.Kubernetes", "Dm.ResourceRepo", "Dm.Status", "Dm.Hosting"],
        ["Dm.Aggregator"] = ["Dm.Domain", "Dm.Git", "Dm.Kubernetes", "Dm.ResourceRepo", "Dm.Status", "Dm.Hosting"],
        ["Playground"] = ["Dm.Domain", "Dm.Git", "Dm.Kubernetes", "Dm.ResourceRepo", "Dm.Status", "Dm.Hosting", "Dm.GitFixture", "Dm.ClusterSimulator", "Dm.Deployer", "Dm.Transitioner", "Dm.Aggregator"],
    };

    /// <summary>The libraries under <c>src/Common</c> that must not take the ASP.NET framework (only the daemon shell does).</summary>
    public static readonly IReadOnlyList<string> WithoutAspNet = ["Dm.Domain", "Dm.Git", "Dm.Kubernetes", "Dm.ResourceRepo", "Dm.Status"];
}
